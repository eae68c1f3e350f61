package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import loom.config.WireApi;

/**
 * Writes a provider's response to the client. Streams are passed on event by event, each flushed the
 * moment it is complete; the usage chunk the gateway asked for is dropped again when the client did
 * not ask for it. Whole JSON bodies are checked before they are sent, so a garbled answer becomes a
 * 502 instead of reaching an SDK. Upstream errors already in the OpenAI shape pass through unchanged;
 * others are wrapped with their status kept. Thread-safe.
 */
final class ResponseRelay {
  /** Bodies up to this size are checked to be JSON before they are sent; larger ones stream unchecked. */
  static final int MAX_CHECKED_BODY = 32 * 1024 * 1024;

  private static final int MAX_ERROR_BODY = 256 * 1024;
  private static final int ERROR_EXCERPT = 500;
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

  private final ObjectMapper json;
  private final int captureLimit;

  /** @param captureLimit characters of each response body kept for the request log; 0 keeps none */
  ResponseRelay(ObjectMapper json, int captureLimit) {
    this.json = json;
    this.captureLimit = captureLimit;
  }

  /**
   * @param answers reads the answer's usage (and the stream's end) as the called API writes them
   * @param stopwatch told when the provider's answer has been read, and stamps whole (non-streamed) answers
   */
  void relay(
      String provider,
      UpstreamResponse upstream,
      AnswerReader answers,
      WireApi api,
      ProxyOutcome outcome,
      HttpServletResponse res,
      GatewayOverhead.Stopwatch stopwatch)
      throws IOException {
    int status = upstream.status();
    if (status < 200 || status >= 300) {
      relayError(provider, upstream, api, outcome, res, stopwatch);
    } else if (upstream.isEventStream()) {
      relayStream(provider, upstream, answers, outcome, res);
    } else {
      relayBody(provider, upstream, answers, outcome, res, stopwatch);
    }
  }

  private void relayError(
      String provider,
      UpstreamResponse upstream,
      WireApi api,
      ProxyOutcome outcome,
      HttpServletResponse res,
      GatewayOverhead.Stopwatch stopwatch)
      throws IOException {
    byte[] body = readAtMost(provider, upstream.body(), MAX_ERROR_BODY);
    stopwatch.upstreamEnded();
    capture(outcome, body, body.length);
    int status = upstream.status();
    if (status < 400) {
      // Redirects are not followed and 1xx never ends an exchange: neither is an answer a client
      // can use.
      throw new ProxyException(
          OpenAiError.upstreamInvalidResponse(provider, "unexpected HTTP " + status));
    }
    ForwardedHeaders.copyToClient(upstream.headers(), res);
    // OpenAI's and Anthropic's errors both have an "error" object: either passes through as the
    // provider wrote it.
    if (isApiError(body)) {
      outcome.failed(new OpenAiError(status, errorMessageOf(body), "", null, null));
      stopwatch.stamp(res);
      res.setStatus(status);
      res.setContentType("application/json");
      res.setContentLength(body.length);
      write(res.getOutputStream(), body);
      return;
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    OpenAiError wrapped =
        OpenAiError.upstreamStatus(
            provider,
            status,
            text.length() > ERROR_EXCERPT ? text.substring(0, ERROR_EXCERPT) + "…" : text);
    outcome.failed(wrapped);
    stopwatch.stamp(res);
    wrapped.writeTo(res, api);
  }

  private void relayBody(
      String provider,
      UpstreamResponse upstream,
      AnswerReader answers,
      ProxyOutcome outcome,
      HttpServletResponse res,
      GatewayOverhead.Stopwatch stopwatch)
      throws IOException {
    InputStream in = upstream.body();
    byte[] body = readAtMost(provider, in, MAX_CHECKED_BODY + 1);
    // A body over the checked size streams on after the headers; its rest is read after the stamp.
    stopwatch.upstreamEnded();
    boolean complete = body.length <= MAX_CHECKED_BODY;
    boolean isJson = answers.answersJson() || isJsonType(upstream.contentType());
    if (complete && isJson) {
      JsonNode answer = jsonObject(body);
      if (answer == null && answers.answersJson()) {
        throw new ProxyException(
            OpenAiError.upstreamInvalidResponse(provider, "the body is not a JSON object"));
      }
      // A passed-through answer is relayed whatever it is (an empty HEAD answer, a JSON list).
      answers.readBody(answer == null ? MissingNode.getInstance() : answer, outcome);
    } else {
      // A passed-through answer that is not JSON (audio, an image): nothing to read tokens from.
      answers.readBody(MissingNode.getInstance(), outcome);
    }
    if (isJson) {
      capture(outcome, body, body.length);
    }
    ForwardedHeaders.copyToClient(upstream.headers(), res);
    res.setStatus(upstream.status());
    res.setContentType(
        upstream.contentType().isEmpty() ? "application/json" : upstream.contentType());
    if (complete) {
      res.setContentLength(body.length);
    }
    stopwatch.stamp(res);
    ServletOutputStream out = res.getOutputStream();
    write(out, body);
    if (complete) {
      outcome.relayedBody(upstream.status(), res.getContentType(), body);
    } else {
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = readUpstream(provider, in, buffer)) != -1) {
        write(out, buffer, read);
      }
    }
  }

  private void relayStream(
      String provider,
      UpstreamResponse upstream,
      AnswerReader answers,
      ProxyOutcome outcome,
      HttpServletResponse res) {
    ForwardedHeaders.copyToClient(upstream.headers(), res);
    res.setStatus(upstream.status());
    res.setContentType(upstream.contentType());
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    ServletOutputStream out = output(res);
    flush(res);
    SseEventReader events = new SseEventReader(upstream.body());
    StringBuilder captured = captureLimit > 0 ? new StringBuilder() : null;
    outcome.streamStarted(upstream.contentType());
    try {
      byte[] event;
      while ((event = events.next()) != null) {
        AnswerReader.EventFate fate = answers.readEvent(event, outcome);
        if (fate == AnswerReader.EventFate.DROP) {
          continue;
        }
        write(out, event);
        write(out, EVENT_END);
        flush(res);
        if (fate == AnswerReader.EventFate.SEND_AND_KEEP) {
          outcome.relayedEvent(event);
        }
        if (captured != null && captured.length() < captureLimit) {
          captured.append(new String(event, StandardCharsets.UTF_8)).append("\n\n");
        }
      }
      if (answers.streamCompleted()) {
        outcome.streamCompleted(upstream.status());
      } else if (answers.cutShort()) {
        // The provider closed the stream cleanly but before its last event: the client has what
        // came, the log says so.
        outcome.failed(
            OpenAiError.upstreamInvalidResponse(
                provider, "the stream ended before its last event"));
      }
    } catch (IOException upstreamFailure) {
      // Headers are gone already: the failure can only be told inside the stream, as the API itself
      // does.
      OpenAiError error = upstreamReadFailure(provider, upstreamFailure).error();
      write(out, answers.failureEvent(error));
      write(out, EVENT_END);
      flush(res);
      throw new ProxyException(error, upstreamFailure);
    } finally {
      if (captured != null) {
        outcome.responseBody(
            captured.length() > captureLimit
                ? captured.substring(0, captureLimit)
                : captured.toString());
      }
    }
  }

  private static boolean isJsonType(String contentType) {
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    return type.isEmpty() || type.startsWith("application/json") || type.contains("+json");
  }

  private void capture(ProxyOutcome outcome, byte[] body, int length) {
    if (captureLimit > 0) {
      outcome.responseBody(
          new String(body, 0, Math.min(length, captureLimit * 4), StandardCharsets.UTF_8));
    }
  }

  private String errorMessageOf(byte[] body) {
    try {
      return json.readTree(body).path("error").path("message").asText("");
    } catch (IOException notJson) {
      return "";
    }
  }

  private boolean isApiError(byte[] body) {
    try {
      JsonNode tree = json.readTree(body);
      return tree != null && tree.path("error").isObject();
    } catch (IOException notJson) {
      return false;
    }
  }

  private JsonNode jsonObject(byte[] body) {
    try {
      JsonNode tree = json.readTree(body);
      return tree != null && tree.isObject() ? tree : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  private static byte[] readAtMost(String provider, InputStream in, int limit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 16 * 1024));
    byte[] buffer = new byte[16 * 1024];
    int read;
    while (out.size() < limit
        && (read = readUpstream(provider, in, buffer, Math.min(buffer.length, limit - out.size())))
            != -1) {
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  private static int readUpstream(String provider, InputStream in, byte[] buffer) {
    return readUpstream(provider, in, buffer, buffer.length);
  }

  private static int readUpstream(String provider, InputStream in, byte[] buffer, int length) {
    try {
      return in.read(buffer, 0, length);
    } catch (IOException e) {
      throw upstreamReadFailure(provider, e);
    }
  }

  static ProxyException upstreamReadFailure(String provider, IOException e) {
    if (e instanceof SocketTimeoutException) {
      return new ProxyException(
          OpenAiError.upstreamTimeout(provider, "no data within the read timeout"), e);
    }
    return new ProxyException(
        OpenAiError.upstreamInvalidResponse(
            provider, "the connection failed mid-response (" + e.getClass().getSimpleName() + ")"),
        e);
  }

  private static ServletOutputStream output(HttpServletResponse res) {
    try {
      return res.getOutputStream();
    } catch (IOException e) {
      throw new ClientDisconnectedException(e);
    }
  }

  private static void write(ServletOutputStream out, byte[] bytes) {
    write(out, bytes, bytes.length);
  }

  private static void write(ServletOutputStream out, byte[] bytes, int length) {
    try {
      out.write(bytes, 0, length);
    } catch (IOException e) {
      throw new ClientDisconnectedException(e);
    }
  }

  private static void flush(HttpServletResponse res) {
    try {
      res.flushBuffer();
    } catch (IOException e) {
      throw new ClientDisconnectedException(e);
    }
  }
}
