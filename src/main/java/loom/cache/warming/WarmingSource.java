package loom.cache.warming;

import java.time.Instant;
import java.util.Objects;

/** Where a warming run's requests come from: the text of a JSON Lines file, or the request logs of a period. */
public sealed interface WarmingSource {
  /** How the progress names the source. */
  String describe();

  /**
   * A warming file's text (see {@link WarmingLines}).
   *
   * @param name what to call it in the progress: {@code upload} or the file's path
   */
  record File(String text, String name) implements WarmingSource {
    public File {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String describe() {
      return "file " + name;
    }
  }

  /**
   * The successful logged requests of [start, end) whose request and response bodies were kept, oldest first, at most
   * {@code limit}; each filter may be null for any.
   *
   * @param endpoint an endpoint path such as {@code /chat/completions}
   */
  record Replay(
      Instant start, Instant end, String providerId, String model, String endpoint, int limit)
      implements WarmingSource {
    public Replay {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      if (!start.isBefore(end)) {
        throw new IllegalArgumentException("start " + start + " is not before end " + end);
      }
    }

    @Override
    public String describe() {
      return "replay of "
          + start
          + " to "
          + end
          + (providerId == null ? "" : ", provider " + providerId)
          + (model == null ? "" : ", model " + model)
          + (endpoint == null ? "" : ", endpoint " + endpoint);
    }
  }
}
