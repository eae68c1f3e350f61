package loom.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes the complete 401 answer for a request {@link AuthFilter} turns away, in the shape its audience
 * expects: the proxy answers as OpenAI does, {@code /api/v1} with problem JSON.
 */
@FunctionalInterface
public interface UnauthorizedResponder {
  /** Writes the 401; {@code message} is safe to show and never contains the presented key. */
  void reject(HttpServletRequest req, HttpServletResponse res, String message) throws IOException;
}
