package loom.dashboard;

import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import org.primefaces.util.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a page afresh, before anything of the post is done, when a postback does not carry the PrimeFaces CSP
 * nonce its view was rendered with (a scripted client leaves it out; PrimeFaces' own script always sends it).
 * PrimeFaces compares the two only when it renders the answer, after the post's actions have run, and then fails
 * the render with an exception that reached the container as a 500 with a stack trace.
 */
public final class CspNonceCheck implements PhaseListener {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(CspNonceCheck.class);

  @Override
  public PhaseId getPhaseId() {
    return PhaseId.RESTORE_VIEW;
  }

  @Override
  public void beforePhase(PhaseEvent event) {
    // The view, and the nonce kept in it, exist only after this phase.
  }

  @Override
  public void afterPhase(PhaseEvent event) {
    FacesContext context = event.getFacesContext();
    if (context.getResponseComplete() || !context.isPostback() || context.getViewRoot() == null) {
      return;
    }
    Map<String, Object> viewMap = context.getViewRoot().getViewMap(false);
    Object rendered = viewMap == null ? null : viewMap.get(Constants.RequestParams.NONCE_PARAM);
    if (rendered == null) {
      return;
    }
    String sent =
        context
            .getExternalContext()
            .getRequestParameterMap()
            .get(Constants.RequestParams.NONCE_PARAM);
    if (Objects.equals(rendered, sent)) {
      return;
    }
    log.info(
        "Dashboard post to {} without its page's CSP nonce; loading the page afresh",
        context.getViewRoot().getViewId());
    try {
      DashboardExceptionHandler.reload(context, context.getViewRoot().getViewId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
