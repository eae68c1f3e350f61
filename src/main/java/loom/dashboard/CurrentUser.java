package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import loom.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The user logged in to the dashboard (for the top bar, the navigation and the page beans), and the logout. */
@Named
@RequestScoped
public class CurrentUser {
  private static final Logger log = LoggerFactory.getLogger(CurrentUser.class);
  @Inject Services services;
  private Caller caller;

  /** Read once per request, when the navigation first asks (null until then). */
  private Boolean teamAdmin;

  @PostConstruct
  void load() {
    caller =
        SessionCaller.of(
                (HttpSession)
                    FacesContext.getCurrentInstance().getExternalContext().getSession(false))
            .orElse(null);
  }

  /** The caller the page beans query for; DashboardFilter lets no request reach a dashboard page without one. */
  public Caller caller() {
    if (caller == null) {
      throw new IllegalStateException("No dashboard user on this request");
    }
    return caller;
  }

  public String getName() {
    return caller == null ? "" : caller.userName();
  }

  public boolean isAdmin() {
    return caller != null && caller.isAdmin();
  }

  /** Whether the user administers a team (who sees the Teams page besides admins). */
  public boolean isTeamAdmin() {
    if (teamAdmin == null) {
      teamAdmin =
          caller != null
              && !caller.isAdmin()
              && !services.teams().teamsAdministeredBy(caller.userId()).isEmpty();
    }
    return teamAdmin;
  }

  /** Ends the session (POST only: a form in the top bar) and shows the login page. */
  public void logout() throws IOException {
    FacesContext context = FacesContext.getCurrentInstance();
    ExternalContext external = context.getExternalContext();
    if (caller != null) {
      log.info("Dashboard logout of user {}", caller.userId());
    }
    external.invalidateSession();
    external.redirect(
        external.getRequestContextPath() + DashboardAccess.LOGIN_PAGE + "?loggedOut=true");
    context.responseComplete();
  }
}
