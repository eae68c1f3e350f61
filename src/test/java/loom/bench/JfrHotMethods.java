package loom.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording says the time and the allocations went: the methods most often on top of the sampled
 * stacks (self time), the methods most often anywhere on them (inclusive time, for code of the given package
 * prefix), and the methods allocating the most bytes. Reads the recording of a profiled benchmark run:
 *
 * <pre>
 * JfrHotMethods recording.jfr [package-prefix, default "loom."] [rows, default 25]
 * </pre>
 */
public final class JfrHotMethods {
  private JfrHotMethods() {}

  public static void main(String[] args) throws Exception {
    String prefix = args.length > 1 ? args[1] : "loom.";
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> allocated = new HashMap<>();
    long samples = 0;
    long bytes = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      String name = event.getEventType().getName();
      if (name.equals("jdk.ExecutionSample")) {
        samples++;
        self.merge(method(frames.get(0)), 1L, Long::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
          String method = method(frame);
          if (method.startsWith(prefix) && seen.add(method)) {
            inclusive.merge(method, 1L, Long::sum);
          }
        }
      } else if (name.equals("jdk.ObjectAllocationSample")) {
        long weight = event.getLong("weight");
        bytes += weight;
        allocated.merge(firstOf(frames, prefix), weight, Long::sum);
      }
    }
    print("self time (top of stack), % of " + samples + " samples", self, samples, rows);
    print("inclusive time, " + prefix + "* methods, % of samples", inclusive, samples, rows);
    print(
        "allocation by the nearest "
            + prefix
            + "* frame, % of "
            + bytes / (1 << 20)
            + " MB sampled",
        allocated,
        bytes,
        rows);
  }

  /** The nearest frame of our own code, with the frame above it (what it called), else the top frame. */
  private static String firstOf(List<RecordedFrame> frames, String prefix) {
    for (int i = 0; i < frames.size(); i++) {
      if (method(frames.get(i)).startsWith(prefix)) {
        return method(frames.get(i)) + (i > 0 ? "  -> " + method(frames.get(i - 1)) : "");
      }
    }
    return method(frames.get(0));
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Long> counts, long total, int rows) {
    System.out.println();
    System.out.println(title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(rows)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "  %5.1f %%  %s%n",
                    100.0 * e.getValue() / Math.max(1, total),
                    e.getKey()));
  }
}
