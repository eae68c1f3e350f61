package loom.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole server-sent event stream as tests see it: each event's {@code event:} name and data. */
public final class SseEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SseEvents() {}

  /** One event: {@code name} is null when it had no {@code event:} line. */
  public record Event(String name, String data) {
    /** The data parsed as JSON; throws if it isn't JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (JsonProcessingException e) {
        throw new AssertionError("event data is not JSON: " + data, e);
      }
    }

    /** The {@code type} of the data, as Responses and Messages events carry it. */
    public String type() {
      return json().path("type").asText();
    }
  }

  /** The events of {@code body}, in order; comments and events without data are left out. */
  public static List<Event> parse(String body) {
    var events = new ArrayList<Event>();
    for (var block : body.replace("\r\n", "\n").split("\n\n")) {
      String name = null;
      String data = null;
      for (var line : block.split("\n")) {
        if (line.startsWith("event:")) {
          name = line.substring("event:".length()).strip();
        } else if (line.startsWith("data:")) {
          var value = line.substring("data:".length()).stripLeading();
          data = data == null ? value : data + "\n" + value;
        }
      }
      if (data != null) {
        events.add(new Event(name, data));
      }
    }
    return events;
  }
}
