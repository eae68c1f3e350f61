package loom.dashboard;

import jakarta.el.ELException;
import jakarta.faces.FacesException;
import jakarta.faces.application.ProtectedViewException;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.application.ViewHandler;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.render.ResponseStateManager;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.Map;
import org.primefaces.csp.CspException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dashboard does when Faces fails a request:
 * <ul>
 * <li>a protected view opened with a wrong token (see {@link ViewTokens}; DashboardFilter handles a missing
 * one): opened again with the session's token when the user opened it themselves, otherwise the user is asked
 * to confirm (403);</li>
 * <li>an expired or foreign view state (a form posted after the session ended, or forged), any other view state
 * that cannot be restored (such as {@code stateless}), or a post whose PrimeFaces CSP nonce does not match its view
 * (which {@link CspNonceCheck} catches first): the page is loaded afresh, nothing of the post is done;</li>
 * <li>anything else on a page request: logged, and answered with a bare 500, never a stack trace.</li>
 * </ul>
 */
final class DashboardExceptionHandler extends ExceptionHandlerWrapper {
  private static final Logger log = LoggerFactory.getLogger(DashboardExceptionHandler.class);

  DashboardExceptionHandler(ExceptionHandler wrapped) {
    super(wrapped);
  }

  @Override
  public void handle() {
    FacesContext context = FacesContext.getCurrentInstance();
    Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
    while (events.hasNext()) {
      Throwable failure = events.next().getContext().getException();
      Throwable cause = unwrap(failure);
      if (context.getExternalContext().isResponseCommitted()) {
        continue;
      }
      try {
        if (cause instanceof ProtectedViewException) {
          events.remove();
          protectedViewWithoutToken(context);
        } else if (cause instanceof ViewExpiredException expired) {
          events.remove();
          reload(context, expired.getViewId());
        } else if (cause instanceof CspException) {
          events.remove();
          reload(context, context.getViewRoot() == null ? null : context.getViewRoot().getViewId());
        } else if (PhaseId.RESTORE_VIEW.equals(context.getCurrentPhaseId())
            && isPostback(context)) {
          // A posted view state that names no view of this session (forged, or "stateless" for
          // views that are not).
          events.remove();
          log.info(
              "Dashboard post to {} with a view state that cannot be restored ({}); loading the page afresh",
              context.getExternalContext().getRequestServletPath(),
              cause.getClass().getSimpleName());
          reload(context, context.getExternalContext().getRequestServletPath());
        } else if (!context.getPartialViewContext().isAjaxRequest()) {
          events.remove();
          log.error(
              "Dashboard request {} failed",
              context.getExternalContext().getRequestServletPath(),
              failure);
          resetKeepingHeaders(context);
          context
              .getExternalContext()
              .responseSendError(
                  HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                  "The dashboard could not show this page; the server log has the details.");
          context.responseComplete();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    getWrapped().handle();
  }

  /**
   * A protected view with a token that is not the session's (DashboardFilter added it to every page request
   * that came without one): opened again with the right one when the user opened it, else asked about.
   */
  private static void protectedViewWithoutToken(FacesContext context) throws IOException {
    ExternalContext external = context.getExternalContext();
    ViewHandler views = context.getApplication().getViewHandler();
    String viewId = external.getRequestServletPath();
    if (!views.getProtectedViewsUnmodifiable().contains(viewId)) {
      viewId = DashboardAccess.HOME_PAGE;
    }
    String url = views.getRedirectURL(context, viewId, Map.of(), false);
    if (ViewTokens.isOwnNavigation(external.getRequestHeaderMap().get("Sec-Fetch-Site"))) {
      external.redirect(url);
      context.responseComplete();
      return;
    }
    resetKeepingHeaders(context);
    external.setResponseStatus(HttpServletResponse.SC_FORBIDDEN);
    external.setResponseContentType("text/html");
    external.setResponseCharacterEncoding("UTF-8");
    Writer out = external.getResponseOutputWriter();
    out.write(ViewTokens.confirmPage(external.getRequestContextPath(), url));
    context.responseComplete();
  }

  /** Whether the request posted a view state: what Faces takes for a postback, read without asking Faces. */
  private static boolean isPostback(FacesContext context) {
    return context
        .getExternalContext()
        .getRequestParameterMap()
        .containsKey(ResponseStateManager.VIEW_STATE_PARAM);
  }

  /** Loads the view again with a GET; for the login page, too (it is not protected, so it gets no token). */
  static void reload(FacesContext context, String viewId) throws IOException {
    ViewHandler views = context.getApplication().getViewHandler();
    String target =
        viewId != null
                && (views.getProtectedViewsUnmodifiable().contains(viewId)
                    || DashboardAccess.LOGIN_PAGE.equals(viewId))
            ? viewId
            : DashboardAccess.HOME_PAGE;
    context.getExternalContext().redirect(views.getRedirectURL(context, target, Map.of(), false));
    context.responseComplete();
  }

  /** Clears what was written so far, but not the security headers DashboardFilter set (a reset drops them). */
  private static void resetKeepingHeaders(FacesContext context) {
    ExternalContext external = context.getExternalContext();
    external.responseReset();
    SecurityHeaders.apply(
        (HttpServletResponse) external.getResponse(),
        SecurityHeaders.baselinePolicy(external.getInitParameter(SecurityHeaders.POLICY_PARAMETER)),
        true);
  }

  /** The failure inside the wrappers Faces and EL put around it (stopping at the Faces failures handled here). */
  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof FacesException || cause instanceof ELException)
        && cause.getCause() != null
        && !(cause instanceof ProtectedViewException
            || cause instanceof ViewExpiredException
            || cause instanceof CspException)) {
      cause = cause.getCause();
    }
    return cause;
  }
}
