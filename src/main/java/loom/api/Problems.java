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

  static void writeUnauthorized(HttpServletRequest req, HttpServletResponse res, String message) throws IOException {
    Problem problem = Problem.of(401, "unauthorized", "Unauthorized", message, req.getRequestURI());
    byte[] body = ApiJson.MAPPER.writeValueAsBytes(problem);
    res.setStatus(401);
    res.setHeader("WWW-Authenticate", "Bearer realm=\"loom\"");
    res.setContentType(Problem.MEDIA_TYPE);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
