package loom.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One scheduled cache warming job of {@code cache.warming}: a JSON Lines file, or a replay of the request logs of the
 * last {@code replay}, run soon after deploy and then every {@code every} as the admin user {@code asUser}.
 *
 * @param file the warming file (read again at every run), or empty for a replay
 * @param replay how far back a replay reads the logs, or empty for a file
 * @param asUser the name of the admin whose calls the fetches are (and whose partition {@code scope: user} fills)
 * @param namespace the namespace of the requests that name none
 * @param ttl how long the entries are kept; empty for {@code cache.default_ttl}
 */
public record WarmingJob(
    Optional<Path> file,
    Optional<Duration> replay,
    Duration every,
    String asUser,
    Optional<String> namespace,
    Optional<Duration> ttl) {
  /** The shortest period a job may have. */
  public static final Duration MIN_EVERY = Duration.ofMinutes(5);

  public WarmingJob {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(replay, "replay");
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(asUser, "asUser");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(ttl, "ttl");
    if (file.isPresent() == replay.isPresent()) {
      throw new IllegalArgumentException("a warming job has exactly one of file and replay");
    }
  }

  /** What the logs call it. */
  public String describe() {
    return file.map(path -> "file " + path)
        .orElseGet(() -> "replay of the last " + replay.get().toHours() + " h");
  }
}
