package loom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import loom.testing.ResponsesAnswers.ResponseDraft;

/**
 * OpenAI's Responses API as {@link FakeUpstream} speaks it: creates responses as JSON or as a stream
 * of named events, keeps the stored ones by id for the calls about one response, and lets a
 * background response progress from {@code queued} through {@code in_progress} to {@code completed}
 * as it is polled. Thread-safe.
 */
final class FakeResponses {
  /** The answer's text, one delta per piece. */
  static final List<String> PIECES = List.of("fake", " ", "answer");

  private static final String PREFIX = "/v1/responses";

  /** One counter for the whole run, so no two tests ever see the same id. */
  private static final AtomicLong IDS = new AtomicLong();

  /**
   * Makes ids unique across runs too, as a provider's are: the gateway's store (kept between builds without clean)
   * remembers which response ids were priced.
   */
  private static final String RUN =
      Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);

  private final Map<String, Stored> stored = new ConcurrentHashMap<>();

  /** Whether a response with this id is kept (created with {@code store} not false, not deleted). */
  boolean isStored(String id) {
    return stored.containsKey(id);
  }

  void clear() {
    stored.clear();
  }

  /** Answers a call under {@code /v1/responses}; false if the method and path are not one. */
  boolean answer(HttpExchange exchange, RecordedRequest request, Controls controls)
      throws IOException, InterruptedException {
    var method = request.method();
    var path = request.path();
    if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
      return false;
    }
    if (path.equals(PREFIX) && method.equals("POST")) {
      create(exchange, request, controls);
      return true;
    }
    if (path.equals(PREFIX + "/input_tokens") && method.equals("POST")) {
      if (FakeUpstream.parse(exchange, request) != null) {
        FakeUpstream.sendJson(
            exchange, 200, ResponsesAnswers.inputTokens(controls.responsesUsage().inputTokens()));
      }
      return true;
    }
    var rest = path.substring(PREFIX.length() + 1).split("/", -1);
    if (rest.length == 1 && method.equals("GET")) {
      withStored(
          exchange,
          rest[0],
          answer -> FakeUpstream.sendJson(exchange, 200, answer.poll().toString()));
    } else if (rest.length == 1 && method.equals("DELETE")) {
      withStored(
          exchange,
          rest[0],
          answer -> {
            stored.remove(answer.draft.id());
            FakeUpstream.sendJson(exchange, 200, ResponsesAnswers.deleted(answer.draft.id()));
          });
    } else if (rest.length == 2 && rest[1].equals("input_items") && method.equals("GET")) {
      var ascending = request.query().contains("order=asc");
      withStored(
          exchange,
          rest[0],
          answer ->
              FakeUpstream.sendJson(
                  exchange, 200, ResponsesAnswers.inputItemList(answer.inputItems, ascending)));
    } else if (rest.length == 2 && rest[1].equals("cancel") && method.equals("POST")) {
      withStored(exchange, rest[0], answer -> cancel(exchange, answer));
    } else {
      return false;
    }
    return true;
  }

  private void create(HttpExchange exchange, RecordedRequest request, Controls controls)
      throws IOException, InterruptedException {
    var json = FakeUpstream.parse(exchange, request);
    if (json == null) {
      return;
    }
    long n = IDS.incrementAndGet();
    var pieces = controls.pieces(PIECES);
    var draft =
        new ResponseDraft(
            String.format("resp_fake%s%06d", RUN, n),
            String.format("msg_fake%s%06d", RUN, n),
            FakeUpstream.model(json),
            String.join("", pieces),
            controls.responsesUsage(),
            json);
    var answer =
        new Stored(
            draft,
            finalStatus(controls),
            json.path("background").asBoolean(false),
            controls.backgroundCompletionPoll(),
            ResponsesAnswers.inputItems(json.path("input"), "msg_in_fake" + n));
    if (json.path("store").asBoolean(true)) {
      stored.put(draft.id(), answer);
    }
    if (json.path("stream").asBoolean(false)) {
      EventStream.run(exchange, controls, stream -> stream(stream, answer, pieces, controls));
    } else if (answer.background) {
      FakeUpstream.sendJson(exchange, 200, ResponsesAnswers.response(draft, "queued").toString());
    } else {
      FakeUpstream.sendJson(
          exchange, 200, ResponsesAnswers.response(draft, answer.finalStatus).toString());
    }
  }

  private static String finalStatus(Controls controls) {
    if (controls.has(FakeUpstream.Fault.RESPONSE_FAILED)) {
      return "failed";
    }
    return controls.has(FakeUpstream.Fault.RESPONSE_INCOMPLETE) ? "incomplete" : "completed";
  }

  /**
   * The events of one streamed response, in the order the API sends them; a failed response stops
   * after its first delta, an interrupted one drops the connection there.
   */
  private static void stream(
      EventStream stream, Stored answer, List<String> pieces, Controls controls)
      throws IOException, InterruptedException {
    var draft = answer.draft;
    var events = new Sequence(stream);
    events.send(
        ResponsesAnswers.event("response.created", events.next())
            .set("response", ResponsesAnswers.response(draft, "in_progress")));
    events.send(
        ResponsesAnswers.event("response.in_progress", events.next())
            .set("response", ResponsesAnswers.response(draft, "in_progress")));
    events.send(
        ResponsesAnswers.event("response.output_item.added", events.next())
            .put("output_index", 0)
            .set("item", ResponsesAnswers.message(draft, "in_progress", null)));
    var partAdded =
        item(ResponsesAnswers.event("response.content_part.added", events.next()), draft);
    events.send(partAdded.set("part", ResponsesAnswers.outputText("")));
    for (int i = 0; i < pieces.size(); i++) {
      if (!stream.awaitPiece(i)) {
        return;
      }
      var delta =
          item(ResponsesAnswers.event("response.output_text.delta", events.next()), draft)
              .put("delta", pieces.get(i));
      delta.putArray("logprobs");
      events.send(delta);
      if (!stream.holdAfter(i)) {
        return; // never released: end short of the terminal event so the forgetful test notices
      }
      if (i == 0 && !goesOnAfterFirstDelta(events, answer, controls)) {
        return;
      }
    }
    var text = draft.text();
    var textDone =
        item(ResponsesAnswers.event("response.output_text.done", events.next()), draft)
            .put("text", text);
    textDone.putArray("logprobs");
    events.send(textDone);
    events.send(
        item(ResponsesAnswers.event("response.content_part.done", events.next()), draft)
            .set("part", ResponsesAnswers.outputText(text)));
    events.send(
        ResponsesAnswers.event("response.output_item.done", events.next())
            .put("output_index", 0)
            .set("item", ResponsesAnswers.message(draft, answer.finalStatus, text)));
    events.send(
        ResponsesAnswers.event("response." + answer.finalStatus, events.next())
            .set("response", ResponsesAnswers.response(draft, answer.finalStatus)));
    stream.completed();
  }

  /** After the first delta: acts on a stream fault; true if the stream goes on. */
  private static boolean goesOnAfterFirstDelta(Sequence events, Stored answer, Controls controls)
      throws IOException {
    if (controls.has(FakeUpstream.Fault.INTERRUPT_STREAM)) {
      throw new FakeUpstream.DroppedConnection();
    }
    if (controls.has(FakeUpstream.Fault.STREAM_ERROR_EVENT)) {
      var error =
          ResponsesAnswers.event("error", events.next())
              .put("code", "server_error")
              .put("message", "The fake upstream failed this stream on purpose.");
      error.putNull("param");
      events.send(error);
      return false;
    }
    if (answer.finalStatus.equals("failed")) {
      events.send(
          ResponsesAnswers.event("response.failed", events.next())
              .set("response", ResponsesAnswers.response(answer.draft, "failed")));
      return false;
    }
    return true;
  }

  private static ObjectNode item(ObjectNode event, ResponseDraft draft) {
    return event.put("item_id", draft.itemId()).put("output_index", 0).put("content_index", 0);
  }

  private void cancel(HttpExchange exchange, Stored answer) throws IOException {
    if (!answer.background) {
      FakeUpstream.sendJson(
          exchange,
          400,
          FakeAnswers.error(
              "Only responses created with background=true can be cancelled.",
              "invalid_request_error",
              null));
    } else if (!answer.cancel()) {
      FakeUpstream.sendJson(
          exchange,
          400,
          FakeAnswers.error(
              "Cannot cancel a response that has already completed.",
              "invalid_request_error",
              null));
    } else {
      FakeUpstream.sendJson(
          exchange, 200, ResponsesAnswers.response(answer.draft, "cancelled").toString());
    }
  }

  private void withStored(HttpExchange exchange, String id, StoredAction action)
      throws IOException {
    var answer = Optional.ofNullable(stored.get(id));
    if (answer.isPresent()) {
      action.accept(answer.get());
    } else {
      FakeUpstream.sendJson(
          exchange,
          404,
          FakeAnswers.error(
              "Response with id '" + id + "' not found.", "invalid_request_error", null));
    }
  }

  @FunctionalInterface
  private interface StoredAction {
    void accept(Stored answer) throws IOException;
  }

  /** Numbers the events of one stream from 0 and writes them with their {@code event:} line. */
  private static final class Sequence {
    private final EventStream stream;
    private int next;

    Sequence(EventStream stream) {
      this.stream = stream;
    }

    int next() {
      return next++;
    }

    void send(JsonNode event) throws IOException {
      stream.event(event.path("type").asText(), event.toString());
    }
  }

  /** A kept response; a background one counts its polls. */
  private static final class Stored {
    final ResponseDraft draft;
    final String finalStatus;
    final boolean background;
    final int completionPoll;
    final List<JsonNode> inputItems;
    final AtomicInteger polls = new AtomicInteger();
    volatile boolean cancelled;

    Stored(
        ResponseDraft draft,
        String finalStatus,
        boolean background,
        int completionPoll,
        List<JsonNode> inputItems) {
      this.draft = draft;
      this.finalStatus = finalStatus;
      this.background = background;
      this.completionPoll = completionPoll;
      this.inputItems = List.copyOf(inputItems);
    }

    /** The response as one GET finds it: a background one is done from its completion poll on. */
    ObjectNode poll() {
      if (!background) {
        return ResponsesAnswers.response(draft, finalStatus);
      }
      if (cancelled) {
        return ResponsesAnswers.response(draft, "cancelled");
      }
      var poll = polls.incrementAndGet();
      return ResponsesAnswers.response(draft, poll < completionPoll ? "in_progress" : finalStatus);
    }

    /** Cancels a background response not yet found done; false if too late. */
    synchronized boolean cancel() {
      if (cancelled || polls.get() >= completionPoll) {
        return cancelled;
      }
      cancelled = true;
      return true;
    }
  }
}
