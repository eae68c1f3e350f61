package loom.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The events of a streamed answer of the Responses API and of the Messages API, in the order and shapes the
 * providers send them (docs: /work/shared/CLIENTS.md), with {@code deltas} text deltas {@code "w1 "} … and
 * realistic usage, for {@link SlowSseUpstream}. The nginx upstream of bench/lib.sh serves the same shapes.
 */
final class ApiStreams {
  record Event(String name, String data) {}

  private static final String RESPONSE =
      "{\"id\":\"resp_slow\",\"object\":\"response\",\"created_at\":1764000000,"
          + "\"status\":\"%s\",\"background\":false,\"error\":null,\"incomplete_details\":null,\"instructions\":null,"
          + "\"max_output_tokens\":null,\"model\":\"slow-model\",\"output\":[%s],\"parallel_tool_calls\":true,"
          + "\"previous_response_id\":null,\"reasoning\":{\"effort\":null,\"summary\":null},\"store\":false,"
          + "\"temperature\":0.0,\"text\":{\"format\":{\"type\":\"text\"},\"verbosity\":\"medium\"},\"tool_choice\":\"auto\","
          + "\"tools\":[],\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":%s,\"user\":null,\"metadata\":{}}";
  private static final String RESPONSE_USAGE =
      "{\"input_tokens\":31,\"input_tokens_details\":{\"cached_tokens\":0},"
          + "\"output_tokens\":%d,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":%d}";
  private static final String ITEM =
      "{\"id\":\"msg_slow\",\"type\":\"message\",\"status\":\"%s\",\"content\":[%s],"
          + "\"role\":\"assistant\"}";
  private static final String PART =
      "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"%s\"}";
  private static final String PLACE =
      "\"item_id\":\"msg_slow\",\"output_index\":0,\"content_index\":0";

  private static final String MESSAGE_USAGE =
      "{\"input_tokens\":31,\"cache_creation_input_tokens\":0,"
          + "\"cache_read_input_tokens\":0,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,"
          + "\"ephemeral_1h_input_tokens\":0},\"output_tokens\":1,\"service_tier\":\"standard\"}";

  private ApiStreams() {}

  /** response.created … response.completed (the last with the whole response and its usage). */
  static List<Event> responses(int deltas) {
    String text = text(deltas);
    String part = String.format(PART, text);
    String item = String.format(ITEM, "completed", part);
    List<Event> events = new ArrayList<>();
    events.add(
        responses(
            events,
            "response.created",
            "\"response\":" + String.format(RESPONSE, "in_progress", "", "null")));
    events.add(
        responses(
            events,
            "response.in_progress",
            "\"response\":" + String.format(RESPONSE, "in_progress", "", "null")));
    events.add(
        responses(
            events,
            "response.output_item.added",
            "\"output_index\":0,\"item\":" + String.format(ITEM, "in_progress", "")));
    events.add(
        responses(
            events, "response.content_part.added", PLACE + ",\"part\":" + String.format(PART, "")));
    for (int i = 1; i <= deltas; i++) {
      events.add(
          responses(
              events,
              "response.output_text.delta",
              PLACE + ",\"delta\":\"w" + i + " \",\"logprobs\":[]"));
    }
    events.add(
        responses(
            events,
            "response.output_text.done",
            PLACE + ",\"text\":\"" + text + "\",\"logprobs\":[]"));
    events.add(responses(events, "response.content_part.done", PLACE + ",\"part\":" + part));
    events.add(
        responses(events, "response.output_item.done", "\"output_index\":0,\"item\":" + item));
    events.add(
        responses(
            events,
            "response.completed",
            "\"response\":"
                + String.format(
                    RESPONSE,
                    "completed",
                    item,
                    String.format(RESPONSE_USAGE, deltas, 31 + deltas))));
    return events;
  }

  /** message_start (input usage) … message_delta (output usage), message_stop. */
  static List<Event> messages(int deltas) {
    List<Event> events = new ArrayList<>();
    events.add(
        new Event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_slow\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"slow-model\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":"
                + MESSAGE_USAGE
                + "}}"));
    events.add(
        new Event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    events.add(new Event("ping", "{\"type\":\"ping\"}"));
    for (int i = 1; i <= deltas; i++) {
      events.add(
          new Event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":0,"
                  + "\"delta\":{\"type\":\"text_delta\",\"text\":\"w"
                  + i
                  + " \"}}"));
    }
    events.add(new Event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    events.add(
        new Event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
                + deltas
                + "}}"));
    events.add(new Event("message_stop", "{\"type\":\"message_stop\"}"));
    return events;
  }

  private static Event responses(List<Event> before, String type, String fields) {
    return new Event(
        type,
        "{\"type\":\"" + type + "\",\"sequence_number\":" + before.size() + "," + fields + "}");
  }

  private static String text(int deltas) {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= deltas; i++) {
      text.append('w').append(i).append(' ');
    }
    return text.toString();
  }
}
