package loom.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import loom.auth.UnauthorizedResponder;

/** Writes problem documents outside JAX-RS: the 401 the auth filter sends before a request reaches Jersey. */
public final class Problems {
  private Problems() {}

  /** The responder the auth filter in front of {@code /api/v1} uses. */
  public static UnauthorizedResponder unauthorized() {
    return Problems::writeUnauthorized;
  }

  /**
   * A problem document for a status the container raised on an {@code /api/v1} path or {@code /metrics} (no
   * resource there, a key without the right, or a failure nothing else answered), without any detail of the
   * failure.
   */
  public static void writeStatus(HttpServletResponse res, int status, String path)
      throws IOException {
    Problem problem =
        switch (status) {
          case 404 ->
              Problem.of(404, "not-found", "Not found", "No such resource: " + path + ".", path);
          case 405 ->
              Problem.of(
                  405,
                  "method-not-allowed",
                  "Method not allowed",
                  "This method is not allowed on " + path + ".",
                  path);
          case 400 ->
              Problem.of(400, "bad-request", "Bad request", "The request could not be read.", path);
          case 403 ->
              Problem.of(403, "forbidden", "Forbidden", "Your key may not use " + path + ".", path);
          default ->
              status >= 500
                  ? Problem.of(
                      status,
                      "internal-error",
                      "Internal error",
                      "The gateway failed to answer this request; its " + "log has the details.",
                      path)
                  : Problem.of(
                      status,
                      "error",
                      "Error",
                      "The request failed with HTTP " + status + ".",
                      path);
        };
    byte[] body = ApiJson.MAPPER.writeValueAsBytes(problem);
    res.setStatus(status);
    res.setContentType(Problem.MEDIA_TYPE);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  static void writeUnauthorized(HttpServletRequest req, HttpServletResponse res, String message)
      throws IOException {
    Problem problem = Problem.of(401, "unauthorized", "Unauthorized", message, req.getRequestURI());
    byte[] body = ApiJson.MAPPER.writeValueAsBytes(problem);
    res.setStatus(401);
    res.setHeader("WWW-Authenticate", "Bearer realm=\"loom\"");
    res.setContentType(Problem.MEDIA_TYPE);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
