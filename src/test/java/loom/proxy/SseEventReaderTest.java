package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {
  @Test
  void splitsEventsOnBlankLines() throws IOException {
    assertThat(events("data: a\n\ndata: b\n\ndata: [DONE]\n\n"))
        .containsExactly("data: a", "data: b", "data: [DONE]");
  }

  @Test
  void acceptsCrLfLineEndings() throws IOException {
    assertThat(events("data: a\r\n\r\ndata: b\r\n\r\n")).containsExactly("data: a", "data: b");
  }

  @Test
  void keepsMultiLineEventsTogether() throws IOException {
    assertThat(events(": comment\nevent: x\ndata: 1\n\n"))
        .containsExactly(": comment\nevent: x\ndata: 1");
  }

  @Test
  void returnsAnUnterminatedLastEvent() throws IOException {
    assertThat(events("data: a\n\ndata: tail\n")).containsExactly("data: a", "data: tail");
  }

  @Test
  void handsOutAnEventAsSoonAsItIsCompleteWithoutReadingFurther() throws IOException {
    // The stream would block (here: fail) if read again; the first event must come without that
    // read.
    InputStream oneReadOnly =
        new InputStream() {
          private boolean served;

          @Override
          public int read() {
            throw new AssertionError("single-byte read");
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (served) {
              throw new AssertionError("read again before the complete event was returned");
            }
            served = true;
            byte[] chunk = "data: first\n\n".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(chunk, 0, b, off, chunk.length);
            return chunk.length;
          }
        };

    assertThat(new String(new SseEventReader(oneReadOnly).next(), StandardCharsets.UTF_8))
        .isEqualTo("data: first");
  }

  @Test
  void joinsEventsSplitAcrossReads() throws IOException {
    InputStream byteByByte =
        new ByteArrayInputStream("data: abc\n\ndata: d\n\n".getBytes(StandardCharsets.UTF_8)) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
          }
        };
    SseEventReader reader = new SseEventReader(byteByByte);

    assertThat(new String(reader.next(), StandardCharsets.UTF_8)).isEqualTo("data: abc");
    assertThat(new String(reader.next(), StandardCharsets.UTF_8)).isEqualTo("data: d");
    assertThat(reader.next()).isNull();
  }

  private static List<String> events(String stream) throws IOException {
    SseEventReader reader =
        new SseEventReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    List<String> events = new ArrayList<>();
    byte[] event;
    while ((event = reader.next()) != null) {
      events.add(new String(event, StandardCharsets.UTF_8));
    }
    return events;
  }
}
