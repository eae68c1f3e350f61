package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of a passed-through {@code /v1} call, as the gateway needs it: the model it names (a JSON body's
 * {@code model}, or a multipart upload's {@code model} field, as audio transcriptions and image edits send it), to
 * route by, and the same body with that model renamed when its {@code provider/} prefix must come off. Every other
 * byte stays the client's. Immutable.
 */
record PassThroughBody(byte[] bytes, String contentType, String model) {
  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
  private static final Pattern MODEL_PART =
      Pattern.compile(
          "Content-Disposition:[^\r\n]*[; ]name=\"model\"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n",
          Pattern.CASE_INSENSITIVE);

  /** Reads the model of a body (null when it names none, or is neither JSON nor multipart). */
  static PassThroughBody of(byte[] bytes, String contentType, ObjectMapper json) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    String model = null;
    if (type.startsWith("application/json") && bytes.length > 0) {
      try {
        JsonNode tree = json.readTree(bytes);
        if (tree != null && tree.path("model").isTextual()) {
          model = tree.path("model").asText().strip();
        }
      } catch (IOException notJson) {
        // The provider answers what it makes of it.
      }
    } else if (type.startsWith("multipart/form-data")) {
      model = multipartModel(bytes, contentType).map(ModelField::value).orElse(null);
    }
    return new PassThroughBody(bytes, contentType, model == null || model.isEmpty() ? null : model);
  }

  /** The body with its model named {@code upstreamModel}; this body when that is its model already. */
  byte[] withModel(String upstreamModel, ObjectMapper json) throws IOException {
    if (model == null || model.equals(upstreamModel)) {
      return bytes;
    }
    if (contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      ObjectNode tree = (ObjectNode) json.readTree(bytes);
      tree.put("model", upstreamModel);
      return json.writeValueAsBytes(tree);
    }
    ModelField field = multipartModel(bytes, contentType).orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    out.write(bytes, 0, field.start());
    out.writeBytes(upstreamModel.getBytes(StandardCharsets.UTF_8));
    out.write(bytes, field.end(), bytes.length - field.end());
    return out.toByteArray();
  }

  /** Where a multipart body's model value is: bytes [start, end). */
  private record ModelField(int start, int end, String value) {}

  private static Optional<ModelField> multipartModel(byte[] bytes, String contentType) {
    Matcher boundary = BOUNDARY.matcher(contentType);
    if (!boundary.find()) {
      return Optional.empty();
    }
    // Latin-1 maps each byte to one char, so string positions are byte positions.
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    Matcher part = MODEL_PART.matcher(text);
    if (!part.find()) {
      return Optional.empty();
    }
    int start = part.end();
    int end = text.indexOf("\r\n--" + boundary.group(1), start);
    if (end < 0 || end - start > ProxyRequestReader.MAX_MODEL_LENGTH) {
      return Optional.empty();
    }
    String value = new String(bytes, start, end - start, StandardCharsets.UTF_8).strip();
    return Optional.of(new ModelField(start, end, value));
  }
}
