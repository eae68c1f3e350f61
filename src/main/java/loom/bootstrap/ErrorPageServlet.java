package loom.bootstrap;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import loom.api.Problems;
import loom.proxy.Endpoint;
import loom.proxy.OpenAiError;

/**
 * web.xml's error page: answers every error the gateway did not answer itself (a path nothing serves, a failure
 * nothing caught) in the shape of the API the request was for: OpenAI's error JSON under {@code /v1}, a problem
 * document under {@code /api/v1} and on {@code /metrics} (whose 401 is one too), a short page elsewhere. Never the container's own page, which shows the stack
 * trace of an uncaught failure and the server's version.
 */
final class ErrorPageServlet extends HttpServlet {
  static final String PATH = "/error";
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (!(req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status)) {
      // Opened as a page of its own: there is none here.
      writePage(res, HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    String uri = Objects.toString(req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), "");
    String path =
        uri.startsWith(req.getContextPath()) ? uri.substring(req.getContextPath().length()) : uri;
    if (res.isCommitted()) {
      return;
    }
    res.resetBuffer();
    if (isUnder(path, GatewayInitializer.PROXY_PREFIX)) {
      OpenAiError.ofContainerStatus(status)
          .writeTo(res, Endpoint.apiOf(path.substring(GatewayInitializer.PROXY_PREFIX.length())));
    } else if (isUnder(path, GatewayInitializer.API_PREFIX)
        || path.equals(GatewayInitializer.METRICS_MAPPING)) {
      Problems.writeStatus(res, status, path);
    } else {
      writePage(res, status);
    }
  }

  private static boolean isUnder(String path, String folder) {
    return path.equals(folder) || path.startsWith(folder + "/");
  }

  private static void writePage(HttpServletResponse res, int status) throws IOException {
    String title =
        switch (status) {
          case 400 -> "Bad request";
          case 403 -> "Forbidden";
          case 404 -> "Not found";
          case 405 -> "Method not allowed";
          default -> status >= 500 ? "The gateway failed to answer this request" : "Error";
        };
    byte[] body =
        ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>"
                + status
                + " "
                + title
                + " · Loom Gateway</title></head><body><h1>"
                + status
                + " "
                + title
                + "</h1></body></html>\n")
            .getBytes(StandardCharsets.UTF_8);
    res.setStatus(status);
    res.setContentType("text/html");
    res.setCharacterEncoding("UTF-8");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
