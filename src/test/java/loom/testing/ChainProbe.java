package loom.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Holds filters to the rule OkHttp's {@code RealInterceptorChain} enforces on interceptors (STYLE §4): a filter
 * either continues the chain exactly once or answers the request itself, never both, never neither. Wrapped around a
 * filter, it hands the filter a chain that counts its calls and a response that notes the filter's own answer (a
 * status, an error, a redirect, a body or a flush, made on the filter's thread outside the rest of the chain), and
 * records a violation, naming the filter's registration and class and the request, when the filter calls
 * {@code chain.doFilter} a second time (which it also refuses, as OkHttp does), answers and continues, or returns
 * having done neither and without going async. It also records which outcomes each filter showed, so a test can
 * check that its requests made every filter do everything it can. Thread-safe.
 */
public final class ChainProbe {
  /** What a filter did with one request. */
  public enum Outcome {
    CONTINUED,
    ANSWERED
  }

  private static final long IDLE_WAIT_MILLIS = 10_000;

  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Map<String, Set<Outcome>> outcomes = new ConcurrentHashMap<>();

  /** Guards {@link #inFlight}; {@link #awaitIdle()} waits on it. */
  private final Object idle = new Object();

  /** How many filter calls are under way. */
  private int inFlight;

  /**
   * {@code context}, but every filter added to it by name and instance ({@code addFilter(String, Filter)}, as
   * GatewayInitializer registers them) is registered wrapped in this probe. Every other call goes to {@code context}.
   */
  public ServletContext around(ServletContext context) {
    return FilterRegistrations.replacing(context, this::around);
  }

  /** {@code filter}, registered as {@code name}, watched by this probe. */
  public Filter around(String name, Filter filter) {
    return new Probed(name, filter);
  }

  /** The filter a registered one wraps, or the registered one when this probe does not wrap it. */
  public static Filter unwrap(Filter filter) {
    return filter instanceof Probed probed ? probed.filter : filter;
  }

  /** Every violation so far, in the order they happened, once every filter call under way has returned. */
  public List<String> violations() {
    awaitIdle();
    return List.copyOf(violations);
  }

  /**
   * By registration name, what each filter did with the requests since the start or {@link #forgetOutcomes()}, once
   * every filter call under way has returned (an async answer may reach the client before its filters return).
   */
  public Map<String, Set<Outcome>> outcomes() {
    awaitIdle();
    Map<String, Set<Outcome>> copy = new TreeMap<>();
    outcomes.forEach(
        (name, seen) -> copy.put(name, seen.isEmpty() ? Set.of() : EnumSet.copyOf(seen)));
    return copy;
  }

  /** Starts the record of outcomes afresh, for a test of what the filters do with its next request. */
  public void forgetOutcomes() {
    awaitIdle();
    outcomes.clear();
  }

  /** Fails naming every violation recorded since the last call, and forgets them. */
  public void assertKept() {
    List<String> found = violations();
    violations.removeAll(found);
    if (!found.isEmpty()) {
      throw new AssertionError(
          "filters broke the chain contract:\n  " + String.join("\n  ", found));
    }
  }

  private void entered() {
    synchronized (idle) {
      inFlight++;
    }
  }

  private void left() {
    synchronized (idle) {
      inFlight--;
      idle.notifyAll();
    }
  }

  /** Waits, at most {@link #IDLE_WAIT_MILLIS}, until no filter call is under way. */
  private void awaitIdle() {
    long deadline = System.currentTimeMillis() + IDLE_WAIT_MILLIS;
    synchronized (idle) {
      for (long left = IDLE_WAIT_MILLIS;
          inFlight > 0 && left > 0;
          left = deadline - System.currentTimeMillis()) {
        try {
          idle.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void record(String name, Outcome outcome) {
    outcomes.computeIfAbsent(name, key -> ConcurrentHashMap.newKeySet()).add(outcome);
  }

  private final class Probed implements Filter {
    private final String name;
    private final Filter filter;

    Probed(String name, Filter filter) {
      this.name = name;
      this.filter = filter;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
      filter.init(config);
    }

    @Override
    public void destroy() {
      filter.destroy();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest req = (HttpServletRequest) request;
      Call call = new Call(chain, culprit(req));
      Answering answering = new Answering((HttpServletResponse) response, call);
      boolean threw = true;
      entered();
      try {
        filter.doFilter(request, answering, call);
        threw = false;
      } finally {
        call.returned = true;
        try {
          judge(req, answering, call, threw);
        } finally {
          left();
        }
      }
    }

    private void judge(HttpServletRequest req, HttpServletResponse res, Call call, boolean threw) {
      boolean answered =
          call.answer != null || (call.calls == 0 && (req.isAsyncStarted() || res.isCommitted()));
      if (call.calls > 0) {
        record(name, Outcome.CONTINUED);
      }
      if (answered) {
        record(name, Outcome.ANSWERED);
      }
      if (call.calls == 1 && call.answer != null) {
        violations.add(call.culprit + ": answered (" + call.answer + ") and continued the chain");
      } else if (call.calls == 0 && !answered && !threw) {
        violations.add(call.culprit + ": neither answered nor continued the chain");
      }
    }

    private String culprit(HttpServletRequest req) {
      return name
          + " ("
          + filter.getClass().getName()
          + ") on "
          + req.getMethod()
          + " "
          + req.getRequestURI();
    }
  }

  /** The rest of the chain, as the filter sees it: it counts the calls, and refuses a second. */
  private final class Call implements FilterChain {
    private final FilterChain next;
    private final String culprit;
    private final Thread thread = Thread.currentThread();
    private int calls;
    private boolean inside;
    private boolean returned;
    private String answer;

    Call(FilterChain next, String culprit) {
      this.next = next;
      this.culprit = culprit;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response)
        throws IOException, ServletException {
      if (++calls > 1) {
        String violation = culprit + ": called chain.doFilter " + calls + " times";
        violations.add(violation);
        throw new IllegalStateException(violation);
      }
      inside = true;
      try {
        next.doFilter(request, response);
      } finally {
        inside = false;
      }
    }

    /** Notes an answering call on the response, when the filter itself made it (not the rest of the chain). */
    void answering(String how) {
      if (Thread.currentThread() == thread && !inside && !returned && answer == null) {
        answer = how;
      }
    }
  }

  /** The response as the filter sees it: the calls that answer a request are noted, then made. */
  private static final class Answering extends HttpServletResponseWrapper {
    private final Call call;

    Answering(HttpServletResponse response, Call call) {
      super(response);
      this.call = call;
    }

    @Override
    public void setStatus(int status) {
      call.answering("setStatus(" + status + ")");
      super.setStatus(status);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
      call.answering("sendError(" + status + ")");
      super.sendError(status, message);
    }

    @Override
    public void sendError(int status) throws IOException {
      call.answering("sendError(" + status + ")");
      super.sendError(status);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      call.answering("sendRedirect");
      super.sendRedirect(location);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      call.answering("getOutputStream");
      return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      call.answering("getWriter");
      return super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
      call.answering("flushBuffer");
      super.flushBuffer();
    }
  }
}
