package loom.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import loom.testing.RedisServer;

/**
 * A real redis-server for the benchmarks (the binary embedded-redis bundles): starts it on a free port of
 * 127.0.0.1, writes its URL to the file named by the first argument and keeps it running until this JVM is
 * stopped. Not a test.
 */
public final class BenchRedis {
  private BenchRedis() {}

  public static void main(String[] args) throws Exception {
    RedisServer redis = RedisServer.onFreePort();
    Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
    Files.writeString(Path.of(args[0]), redis.url());
    Thread.currentThread().join();
  }
}
