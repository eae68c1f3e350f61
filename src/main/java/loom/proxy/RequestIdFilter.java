package loom.proxy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Gives every proxy request its id, as a request attribute and the {@code X-Loom-Request-Id} header, and
 * notes when it arrived. The first filter of the chain.
 */
public final class RequestIdFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String HEADER = "X-Loom-Request-Id";
  private static final String ATTRIBUTE = RequestIdFilter.class.getName();
  private static final String ARRIVAL_ATTRIBUTE = ATTRIBUTE + ".arrival";

  private final transient Supplier<String> ids;

  RequestIdFilter(Supplier<String> ids) {
    this.ids = ids;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    // The first filter of the chain: where the gateway's own time on a request starts
    // (X-Loom-Overhead-Ms).
    req.setAttribute(ARRIVAL_ATTRIBUTE, System.nanoTime());
    String id = ids.get();
    req.setAttribute(ATTRIBUTE, id);
    res.setHeader(HEADER, id);
    chain.doFilter(req, res);
  }

  /** When this filter saw the request, in {@link System#nanoTime()}; -1 if it did not run. */
  static long arrivalNanos(ServletRequest req) {
    return req.getAttribute(ARRIVAL_ATTRIBUTE) instanceof Long arrival ? arrival : -1;
  }

  /** The id this filter gave the request ("-" if it did not run). */
  public static String of(ServletRequest req) {
    Object id = req.getAttribute(ATTRIBUTE);
    return id == null ? "-" : id.toString();
  }
}
