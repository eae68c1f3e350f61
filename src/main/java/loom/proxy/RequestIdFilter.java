package loom.proxy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/** Gives every proxy request its id, as a request attribute and the {@code X-Loom-Request-Id} header. */
public final class RequestIdFilter extends HttpFilter {
  static final String HEADER = "X-Loom-Request-Id";
  private static final String ATTRIBUTE = RequestIdFilter.class.getName();

  private final transient Supplier<String> ids;

  RequestIdFilter(Supplier<String> ids) {
    this.ids = ids;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String id = ids.get();
    req.setAttribute(ATTRIBUTE, id);
    res.setHeader(HEADER, id);
    chain.doFilter(req, res);
  }

  /** The id this filter gave the request ("-" if it did not run). */
  public static String of(ServletRequest req) {
    Object id = req.getAttribute(ATTRIBUTE);
    return id == null ? "-" : id.toString();
  }
}
