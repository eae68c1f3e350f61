package loom.dashboard;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import loom.auth.Caller;
import loom.auth.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code login.xhtml}: user name and dashboard password, checked by {@code UserService.verifyPassword} (PBKDF2).
 * The login page is the one dashboard view that is not a protected view: it is where a visitor arrives from
 * anywhere. Its form is still a Faces POST, so a forged login from another site fails on the view state.
 */
@Named
@RequestScoped
public class LoginPage {
  static final String WRONG_LOGIN = "Wrong user name or password.";
  private static final Logger log = LoggerFactory.getLogger(LoginPage.class);

  @Inject Services services;
  @Inject LoginThrottle throttle;

  private String username;
  private String password;
  private String next;
  private boolean loggedOut;

  /** Logs in and opens the page asked for before (or the overview); stays with a message when it fails. */
  public String login() {
    FacesContext context = FacesContext.getCurrentInstance();
    HttpServletRequest request = (HttpServletRequest) context.getExternalContext().getRequest();
    String address = request.getRemoteAddr();
    Optional<Duration> wait = throttle.waitBefore(username, address);
    if (wait.isPresent()) {
      password = null;
      log.warn("Dashboard login refused from {}: too many failed logins", address);
      context.addMessage(
          null, new FacesMessage(FacesMessage.SEVERITY_ERROR, tooManyFailures(wait.get()), null));
      return null;
    }
    char[] secret = password == null ? null : password.toCharArray();
    password = null;
    Optional<User> user;
    try {
      user = services.users().verifyPassword(username, secret);
    } finally {
      if (secret != null) {
        Arrays.fill(secret, '\0');
      }
    }
    if (user.isEmpty()) {
      throttle.failed(username, address);
      log.info("Dashboard login failed from {}", address);
      context.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, WRONG_LOGIN, null));
      return null;
    }
    throttle.succeeded(username);
    Caller caller = SessionCaller.login(request, user.get());
    log.info(
        "Dashboard login of user {} ({}) from {}",
        caller.userId(),
        caller.role().id(),
        request.getRemoteAddr());
    return DashboardAccess.safeNext(next).orElse(DashboardAccess.HOME_PAGE)
        + "?faces-redirect=true";
  }

  static String tooManyFailures(Duration wait) {
    long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
    return "Too many failed logins. Try again in "
        + minutes
        + (minutes == 1 ? " minute." : " minutes.");
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  /** Never given back to the page. */
  public String getPassword() {
    return null;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getNext() {
    return next;
  }

  public void setNext(String next) {
    this.next = next;
  }

  public boolean isLoggedOut() {
    return loggedOut;
  }

  public void setLoggedOut(boolean loggedOut) {
    this.loggedOut = loggedOut;
  }
}
