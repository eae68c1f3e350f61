package loom.alerts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import loom.auth.Caller;
import loom.auth.UnauthorizedResponder;
import loom.proxy.OpenAiError;
import loom.proxy.ProxyCall;
import loom.proxy.SpendGate;
import loom.support.ResponseCompletion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Just in front of the proxy servlet (behind the cache, so cached answers are served whatever the budget):
 * refuses a call with 429 {@code insufficient_quota} (402 {@code billing_error} on the Messages API) when an
 * enforced budget of its user, its key, its key's team or the gateway is used up, and otherwise lets it through with its estimated cost reserved until it ends. Either continues the
 * chain or writes the whole refusal, never both. A call that reached it without a caller (the API key filter is
 * missing in front of it) fails closed: it is refused with a 401, since nobody's budget could be checked.
 */
public final class BudgetFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(BudgetFilter.class);
  private final transient Function<HttpServletRequest, Optional<ProxyCall>> calls;
  private final transient SpendGate budgets;
  private final transient UnauthorizedResponder unauthorized;

  /** @param unauthorized answers a call without a caller, in the shape of the API called */
  public BudgetFilter(
      Function<HttpServletRequest, Optional<ProxyCall>> calls,
      SpendGate budgets,
      UnauthorizedResponder unauthorized) {
    this.calls = calls;
    this.budgets = budgets;
    this.unauthorized = unauthorized;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Optional<Caller> caller = Caller.find(req);
    if (caller.isEmpty()) {
      log.error(
          "A proxied call reached the budget filter without a caller: the API key filter must run before it");
      unauthorized.reject(req, res, "No API key was checked for this call.");
      return;
    }
    Optional<ProxyCall> call = calls.apply(req);
    if (call.isEmpty()) {
      chain.doFilter(req, res);
      return;
    }
    SpendGate.Admission admission = budgets.admit(caller.get(), call.get());
    if (admission.refusal().isPresent()) {
      OpenAiError refusal = OpenAiError.budgetExhausted(admission.refusal().get());
      call.get().outcome().failed(refusal);
      refusal.writeTo(res, call.get().endpoint().api());
      return;
    }
    ResponseCompletion.proceedThen(
        req, res, chain, () -> admission.settle(call.get(), res.getStatus()));
  }
}
