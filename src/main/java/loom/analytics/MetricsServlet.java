package loom.analytics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import loom.auth.Caller;

/**
 * {@code GET /metrics}: the Prometheus text exposition of the gateway's metrics. Takes an admin's key
 * unless {@code metrics.public} is on (the auth filter in front of it then lets keyless scrapes through).
 */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient PrometheusMeterRegistry registry;
  private final boolean isPublic;

  public MetricsServlet(PrometheusMeterRegistry registry, boolean isPublic) {
    this.registry = registry;
    this.isPublic = isPublic;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (!isPublic && !Caller.find(req).map(Caller::isAdmin).orElse(false)) {
      // The error page answers it with a problem document, as the auth filter's 401 here.
      res.sendError(403);
      return;
    }
    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
    res.setContentType("text/plain; version=0.0.4; charset=utf-8");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
