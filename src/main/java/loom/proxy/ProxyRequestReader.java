package loom.proxy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a proxy request body once, never more than {@code maxBodyBytes + 1} bytes of it, and checks
 * the fields every provider relies on. Bad input becomes a {@link ProxyException} with a 400 or 413.
 * Thread-safe.
 */
final class ProxyRequestReader {
  /**
   * Longer than any provider's model id (Bedrock's inference-profile ARNs come closest); a name is logged, labelled
   * and put into headers, so one request must not bring a megabyte of it.
   */
  static final int MAX_MODEL_LENGTH = 256;

  private final ObjectMapper json;
  private final long maxBodyBytes;

  ProxyRequestReader(ObjectMapper json, long maxBodyBytes) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** @param declaredLength the Content-Length header, or -1 when the body is chunked */
  ProxyRequest read(Endpoint endpoint, long declaredLength, InputStream in) throws IOException {
    if (declaredLength > maxBodyBytes) {
      throw new ProxyException(OpenAiError.bodyTooLarge(maxBodyBytes));
    }
    return parse(endpoint, readBounded(in, declaredLength));
  }

  ProxyRequest parse(Endpoint endpoint, byte[] bytes) {
    JsonNode tree;
    try {
      tree = json.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ProxyException(OpenAiError.invalidJson(whatIsWrong(e)));
    } catch (IOException e) {
      throw new ProxyException(OpenAiError.invalidJson("the body is not UTF-8 JSON"));
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ProxyException(OpenAiError.invalidJson("the body is empty"));
    }
    if (!(tree instanceof ObjectNode body)) {
      throw new ProxyException(
          OpenAiError.invalidJson(
              "the body is a JSON "
                  + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                  + ", not an object"));
    }
    String model = requireModel(body);
    requireInput(endpoint, body);
    boolean stream = endpoint.canStream() && flag(body, "stream");
    JsonNode options = body.get("stream_options");
    boolean clientWantsUsage =
        endpoint.chatStream() && options != null && options.path("include_usage").asBoolean(false);
    return new ProxyRequest(endpoint, body, bytes, model, stream, clientWantsUsage);
  }

  /**
   * What is wrong with the JSON and where, in words of our own: Jackson's messages quote the token they stopped
   * at, and a body's tokens may be secrets that must not reach the request log through its error message.
   */
  static String whatIsWrong(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 0
            ? ""
            : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    if (e instanceof JsonEOFException) {
      return "the JSON ends before it is complete" + where;
    }
    // Jackson's own message is only classified here, never passed on.
    if (String.valueOf(e.getOriginalMessage()).startsWith("Invalid UTF-8")) {
      return "the body is not valid UTF-8" + where;
    }
    if (e instanceof StreamConstraintsException) {
      return "the JSON is nested deeper, or has a longer number or name, than the gateway accepts"
          + where;
    }
    return "the body is not valid JSON" + where;
  }

  /** A body of any type, read whole and bounded as a JSON body is (for the calls the gateway passes through). */
  byte[] readRaw(long declaredLength, InputStream in) throws IOException {
    if (declaredLength > maxBodyBytes) {
      throw new ProxyException(OpenAiError.bodyTooLarge(maxBodyBytes));
    }
    return readBounded(in, declaredLength);
  }

  private byte[] readBounded(InputStream in, long declaredLength) throws IOException {
    if (declaredLength >= 0) {
      // The container never reads past a declared length, which is within the limit already: one
      // array, no copy.
      return in.readNBytes((int) declaredLength);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    long total = 0;
    int read;
    while ((read = in.read(buffer)) != -1) {
      total += read;
      // Stop at the first byte over the limit: the rest of an oversized body is never read.
      if (total > maxBodyBytes) {
        throw new ProxyException(OpenAiError.bodyTooLarge(maxBodyBytes));
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  private static String requireModel(ObjectNode body) {
    JsonNode model = body.get("model");
    if (model == null || model.isNull() || (model.isTextual() && model.asText().isBlank())) {
      throw new ProxyException(OpenAiError.missingParameter("model"));
    }
    if (!model.isTextual()) {
      throw new ProxyException(OpenAiError.invalidType("model", "a string"));
    }
    String name = model.asText().trim();
    if (name.length() > MAX_MODEL_LENGTH) {
      throw new ProxyException(
          OpenAiError.invalidValue(
              "model", "a model name of at most " + MAX_MODEL_LENGTH + " characters"));
    }
    return name;
  }

  private static void requireInput(Endpoint endpoint, ObjectNode body) {
    String field = endpoint.requiredInput();
    if (field == null) {
      return;
    }
    JsonNode input = body.get(field);
    if (input == null || input.isNull()) {
      throw new ProxyException(OpenAiError.missingParameter(field));
    }
    boolean messageList =
        endpoint == Endpoint.CHAT_COMPLETIONS || endpoint.api() == loom.config.WireApi.MESSAGES;
    if (messageList && !(input.isArray() && input.size() > 0)) {
      throw new ProxyException(OpenAiError.invalidType(field, "a non-empty array of messages"));
    }
  }

  private static boolean flag(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new ProxyException(OpenAiError.invalidType(field, "a boolean"));
    }
    return value.booleanValue();
  }
}
