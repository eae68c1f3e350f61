package loom.analytics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes rows as the RequestLog JSON objects of API.md (snake_case; error_message, request_body, response_body
 * and metadata left out when empty), either as one JSON array or as NDJSON, one object per
 * {@code \n}-terminated line. Streams through one Jackson {@link JsonGenerator}; costs are JSON numbers in
 * plain notation.
 */
final class ExportJsonWriter extends ExportBaseWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Writer out;
  private final boolean lines;
  private final JsonGenerator json;

  ExportJsonWriter(Writer out, boolean lines) {
    this.out = out;
    this.lines = lines;
    try {
      this.json =
          MAPPER
              .createGenerator(out)
              .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
              // The caller owns the target; and a failed export must not get its closing ] written
              // for it.
              .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
              .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // NDJSON separates with the \n we write after each object, not Jackson's default space.
    json.setRootValueSeparator(null);
  }

  @Override
  void writeStart() throws IOException {
    if (!lines) {
      json.writeStartArray();
    }
  }

  @Override
  void writeRow(RequestLog row) throws IOException {
    RequestLogJson.write(json, row);
    if (lines) {
      json.writeRaw('\n');
    }
  }

  @Override
  void writeEnd() throws IOException {
    if (!lines) {
      json.writeEndArray();
    }
    json.flush();
  }

  @Override
  void release() throws IOException {
    // With AUTO_CLOSE_TARGET off this flushes into the target and leaves it open.
    json.close();
    out.flush();
  }
}
