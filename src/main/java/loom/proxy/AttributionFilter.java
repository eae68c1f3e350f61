package loom.proxy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import loom.auth.Caller;

/**
 * Attributes every call that has a caller to its key's team, its agent session, its client tool and its tags, from
 * its headers, right behind the API key filter. It runs there, and is not part of the proxy servlet, because the
 * response cache and the budget filter answer some calls before the servlet runs, and those are logged with their
 * attribution too; the parts only the body holds ({@code metadata}) are added where the proxy parses the body anyway
 * ({@link ProxyCallReader}), so no body is parsed twice. A bad {@code X-Loom-Session} or bad tags are answered here
 * with a 400 in the shape of the API called (the call stays attributed, without tags); every other call continues.
 * Costs a few header reads per call. Thread-safe.
 */
public final class AttributionFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Optional<Caller> caller = Caller.find(req);
    if (caller.isEmpty()) {
      chain.doFilter(req, res);
      return;
    }
    try {
      RequestAttribution.attach(req, caller.get());
    } catch (ProxyException refused) {
      ProxyOutcome.of(req).failed(refused.error());
      refused.error().writeTo(res, Endpoint.apiOf(req.getPathInfo()));
      return;
    }
    chain.doFilter(req, res);
  }
}
