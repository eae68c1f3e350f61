package loom.dashboard;

import jakarta.faces.context.FacesContext;
import java.io.IOException;
import java.util.Map;

/** Navigation the page beans share. */
final class Pages {
  private Pages() {}

  /**
   * Loads the current page again with a GET (after the time range changed). Also from an ajax request; the
   * URL carries the protected-view token, as every URL Faces makes for a protected view does.
   */
  static void reload() throws IOException {
    FacesContext context = FacesContext.getCurrentInstance();
    String viewId = context.getViewRoot().getViewId();
    context
        .getExternalContext()
        .redirect(
            context
                .getApplication()
                .getViewHandler()
                .getRedirectURL(context, viewId, Map.of(), false));
    context.responseComplete();
  }
}
