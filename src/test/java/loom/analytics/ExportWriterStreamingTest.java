package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExportWriterStreamingTest {
  private static final int ROWS = 100_000;

  /** A target that only counts: whatever an export keeps in memory, it cannot be the output. */
  private static final class CountingWriter extends Writer {
    private long chars;
    private int flushes;

    @Override
    public void write(char[] buffer, int offset, int length) {
      chars += length;
    }

    @Override
    public void write(String text, int offset, int length) {
      chars += length;
    }

    @Override
    public void write(int c) {
      chars++;
    }

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public void close() {}
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ExportFormat.class)
  void aHundredThousandRowsStreamThroughToTheTarget(ExportFormat format) {
    // A few distinct rows, reused: the test is about the writer, not about building 100,000
    // records.
    List<RequestLog> samples = new ArrayList<>();
    for (int i = 0; i < 63; i++) {
      samples.add(LogRowSamples.log(i));
    }
    CountingWriter target = new CountingWriter();
    long beforeEnd;

    try (ExportWriter writer = ExportWriter.of(format, target)) {
      writer.begin();
      for (int i = 0; i < ROWS; i++) {
        writer.write(samples.get(i % samples.size()));
      }
      beforeEnd = target.chars;
      writer.end();
      assertThat(writer.rows()).isEqualTo(ROWS);
    }

    // Rows reached the target as they were written, not all at the end: at most one buffer was
    // still held.
    assertThat(beforeEnd).isGreaterThan(ROWS * 50L);
    assertThat(target.chars - beforeEnd).isLessThan(64 * 1024);
    assertThat(target.flushes).isPositive();
  }
}
