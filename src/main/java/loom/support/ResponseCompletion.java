package loom.support;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * For filters that must act once a response is complete, also when the servlet behind them answers
 * asynchronously: runs the rest of the chain, then the action exactly once — right after the chain for a
 * synchronous answer, or when the async context completes. The listener is added the moment the servlet
 * goes async, before its worker thread can possibly complete the request (adding it after the chain
 * returned could miss a fast completion).
 */
public final class ResponseCompletion {
  private ResponseCompletion() {}

  public static void proceedThen(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain, Runnable action)
      throws IOException, ServletException {
    Once once = new Once(action);
    try {
      chain.doFilter(new AsyncAware(req, once), res);
    } finally {
      if (!req.isAsyncStarted()) {
        once.run();
      }
    }
  }

  /** Runs the action the first time it is asked to. */
  private static final class Once implements AsyncListener, Runnable {
    private final Runnable action;
    private final AtomicBoolean done = new AtomicBoolean();

    Once(Runnable action) {
      this.action = action;
    }

    @Override
    public void run() {
      if (done.compareAndSet(false, true)) {
        action.run();
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {
      run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      // onComplete follows.
    }

    @Override
    public void onError(AsyncEvent event) {
      // onComplete follows.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }

  private static final class AsyncAware extends HttpServletRequestWrapper {
    private final Once once;

    AsyncAware(HttpServletRequest request, Once once) {
      super(request);
      this.once = once;
    }

    @Override
    public AsyncContext startAsync() {
      AsyncContext async = super.startAsync();
      async.addListener(once);
      return async;
    }
  }
}
