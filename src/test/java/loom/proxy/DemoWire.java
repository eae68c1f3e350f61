package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads what the demo provider wrote: a whole body, JSON, and typed event streams (Responses, Messages). */
final class DemoWire {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoWire() {}

  static String body(UpstreamResponse response) {
    try (response) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The data of each event, checking that each has an {@code event:} line naming its type. */
  static List<JsonNode> events(String sse) {
    assertThat(sse).endsWith("\n\n");
    List<JsonNode> events = new ArrayList<>();
    for (String frame : sse.split("\n\n")) {
      String[] lines = frame.split("\n");
      assertThat(lines).hasSize(2);
      assertThat(lines[0]).startsWith("event: ");
      assertThat(lines[1]).startsWith("data: ");
      JsonNode data = json(lines[1].substring("data: ".length()));
      assertThat(data.get("type").asText()).isEqualTo(lines[0].substring("event: ".length()));
      events.add(data);
    }
    return events;
  }
}
