package loom.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import loom.support.FieldError;

/**
 * An RFC 9457 problem document, the body of every {@code /api/v1} error
 * ({@code application/problem+json}).
 *
 * @param errors one entry per invalid field, for validation failures only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    URI type, String title, int status, String detail, URI instance, List<FieldError> errors) {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPES = "https://loom.dev/problems/";

  public Problem {
    errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
  }

  static Problem of(int status, String slug, String title, String detail, String path) {
    return of(status, slug, title, detail, path, null);
  }

  static Problem of(
      int status, String slug, String title, String detail, String path, List<FieldError> errors) {
    return new Problem(
        URI.create(TYPES + slug),
        title,
        status,
        detail,
        path == null ? null : URI.create(path),
        errors);
  }
}
