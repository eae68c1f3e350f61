package loom.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import loom.analytics.RequestLog;
import loom.analytics.RequestLogJson;

/**
 * The JSON dialect of {@code /api/v1}: snake_case names, RFC 3339 times ({@code 2026-01-21T12:00:00Z}),
 * money as plain JSON numbers, and unknown fields in a request body rejected rather than silently ignored.
 */
@Provider
final class ApiJson implements ContextResolver<ObjectMapper> {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .registerModule(
              new SimpleModule("loom").addSerializer(RequestLog.class, new RequestLogSerializer()));

  /** A RequestLog as API.md shows it, written by the same code as the JSON exports. */
  private static final class RequestLogSerializer extends StdSerializer<RequestLog> {
    private static final long serialVersionUID = 1L;

    RequestLogSerializer() {
      super(RequestLog.class);
    }

    @Override
    public void serialize(RequestLog log, JsonGenerator json, SerializerProvider provider)
        throws IOException {
      RequestLogJson.write(json, log);
    }
  }

  @Override
  public ObjectMapper getContext(Class<?> type) {
    return MAPPER;
  }
}
