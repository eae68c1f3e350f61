package loom.alerts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import loom.auth.Caller;

/**
 * In front of the response cache: gives every proxied response of a user with a budget the header
 * {@code X-Loom-Budget-Remaining-USD} (what is left of the tighter of their daily and monthly budgets before
 * this request), cache hits included. Always continues the chain.
 */
public final class BudgetHeaderFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String HEADER = "X-Loom-Budget-Remaining-USD";

  private final transient BudgetGuard guard;

  public BudgetHeaderFilter(BudgetGuard guard) {
    this.guard = guard;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Optional<Caller> caller = Caller.find(req);
    if (caller.isPresent()) {
      guard
          .remaining(caller.get().userId())
          .ifPresent(left -> res.setHeader(HEADER, left.toPlainString()));
    }
    chain.doFilter(req, res);
  }
}
