package loom.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.stream.Collectors;
import loom.support.AccessDeniedException;
import loom.support.ConflictException;
import loom.support.FieldError;
import loom.support.GatewayException;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;
import loom.support.RateLimitedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of {@code /api/v1} becomes a problem document here, one mapper per family. Resources
 * throw; they never build error responses themselves.
 */
final class ProblemMappers {
  private ProblemMappers() {}

  static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  /** The gateway's own domain failures: 400, 403, 404, 409, 429. */
  static final class Domain implements ExceptionMapper<GatewayException> {
    @Context private UriInfo uri;

    @Override
    public Response toResponse(GatewayException e) {
      String path = "/" + uri.getPath();
      if (e instanceof InvalidInputException invalid) {
        return respond(
            Problem.of(
                400, "invalid-input", "Invalid input", e.getMessage(), path, invalid.errors()));
      }
      if (e instanceof NotFoundException) {
        return respond(Problem.of(404, "not-found", "Not found", e.getMessage(), path));
      }
      if (e instanceof AccessDeniedException) {
        return respond(Problem.of(403, "forbidden", "Forbidden", e.getMessage(), path));
      }
      if (e instanceof RateLimitedException limited) {
        return Response.fromResponse(
                respond(Problem.of(429, "rate-limited", "Too many requests", e.getMessage(), path)))
            .header("Retry-After", Long.toString(limited.retryAfterSeconds()))
            .build();
      }
      if (e instanceof ConflictException) {
        return respond(Problem.of(409, "conflict", "Conflict", e.getMessage(), path));
      }
      return respond(Problem.of(400, "bad-request", "Bad request", e.getMessage(), path));
    }
  }

  /** A body that is not JSON, or JSON that does not fit: 400 naming the field where one is known. */
  static final class Json implements ExceptionMapper<JsonProcessingException> {
    @Context private UriInfo uri;

    @Override
    public Response toResponse(JsonProcessingException e) {
      String path = "/" + uri.getPath();
      if (e instanceof UnrecognizedPropertyException unknown) {
        String known =
            unknown.getKnownPropertyIds().stream()
                .map(Object::toString)
                .sorted()
                .collect(Collectors.joining(", "));
        return respond(
            Problem.of(
                400,
                "invalid-input",
                "Invalid input",
                "Unknown field '" + unknown.getPropertyName() + "'.",
                path,
                List.of(
                    new FieldError(
                        unknown.getPropertyName(), "unknown field; allowed: " + known))));
      }
      if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
        String field =
            mapping.getPath().stream()
                .map(
                    ref ->
                        ref.getFieldName() != null
                            ? ref.getFieldName()
                            : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String expected = "must be " + expected(mapping);
        return respond(
            Problem.of(
                400,
                "invalid-input",
                "Invalid input",
                "Field '" + field + "' " + expected + ".",
                path,
                List.of(new FieldError(field, expected))));
      }
      return respond(
          Problem.of(
              400,
              "invalid-json",
              "Malformed JSON",
              "The request body is not valid JSON (at line " + line(e) + ").",
              path));
    }

    /** What the field should have been, in API terms (never Jackson's internal wording). */
    private static String expected(JsonMappingException e) {
      Class<?> target =
          e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
      if (target == null) {
        return "of another type";
      }
      if (target == java.time.Instant.class) {
        return "an RFC 3339 time such as 2026-01-21T12:00:00Z";
      }
      if (target == String.class) {
        return "a string";
      }
      if (target == Boolean.class || target == boolean.class) {
        return "true or false";
      }
      if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
        return "a number";
      }
      if (java.util.Collection.class.isAssignableFrom(target)) {
        return "a list";
      }
      return "a JSON object";
    }

    private static int line(JsonProcessingException e) {
      return e.getLocation() == null ? 1 : e.getLocation().getLineNr();
    }
  }

  /** JAX-RS's own failures: unknown path (404), wrong method (405), wrong media type (415) and the like. */
  static final class Web implements ExceptionMapper<WebApplicationException> {
    @Context private UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
      Response original = e.getResponse();
      int status = original.getStatus();
      Response.Status known = Response.Status.fromStatusCode(status);
      String title = known == null ? "HTTP " + status : known.getReasonPhrase();
      String detail =
          status == 404 ? "No such resource: /api/v1/" + uri.getPath() + "." : e.getMessage();
      Response.ResponseBuilder response =
          Response.status(status)
              .type(Problem.MEDIA_TYPE)
              .entity(
                  Problem.of(
                      status,
                      title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'),
                      title,
                      detail,
                      "/" + uri.getPath()));
      String allow = original.getHeaderString("Allow");
      if (allow != null) {
        response.header("Allow", allow);
      }
      return response.build();
    }
  }

  /** Anything unexpected: logged with its stack trace, answered 500 without any of it. */
  static final class Fallback implements ExceptionMapper<Throwable> {
    private static final Logger log = LoggerFactory.getLogger(Fallback.class);
    @Context private UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
      String path = "/" + uri.getPath();
      log.error("Unexpected failure on {}", path, e);
      return respond(
          Problem.of(
              500,
              "internal-error",
              "Internal error",
              "The gateway failed to handle this request; its log has the details.",
              path));
    }
  }
}
