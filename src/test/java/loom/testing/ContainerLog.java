package loom.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The console log of the container the build started ({@code it.container.log}), or of the one Arquillian
 * started, read from a mark on, for tests that act on the running server (redeploy, a second deploy) or check
 * what a request made it log.
 */
public final class ContainerLog {
  private final Path log;
  private final long mark;

  private ContainerLog(Path log, long mark) {
    this.log = log;
    this.mark = mark;
  }

  /** Marks the current end of the log: later reads see only what is logged from now on. */
  public static ContainerLog markNow() throws IOException {
    return markNow(Path.of(System.getProperty("it.container.log")));
  }

  /** Marks the current end of {@code log}, a container's log file (an empty one when it does not exist yet). */
  public static ContainerLog markNow(Path log) throws IOException {
    return new ContainerLog(log, Files.exists(log) ? Files.size(log) : 0);
  }

  /** Waits, bounded, until the log has {@code marker} after the mark; returns the log from the mark on. */
  public String awaitLine(String marker, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String text = "";
    while (Instant.now().isBefore(deadline)) {
      text = sinceMark();
      if (text.contains(marker)) {
        return text;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "The container did not log '" + marker + "' within " + timeout + "; it logged:\n" + text);
  }

  public String sinceMark() throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      file.seek(mark);
      byte[] bytes = new byte[(int) (file.length() - mark)];
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
