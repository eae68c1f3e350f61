package loom.dashboard;

import jakarta.servlet.ServletContext;
import java.util.Objects;
import loom.alerts.AlertService;
import loom.analytics.AnalyticsQueries;
import loom.analytics.PriceService;
import loom.analytics.TrendQueries;
import loom.auth.ApiKeyService;
import loom.auth.TeamService;
import loom.auth.UserService;
import loom.cache.CacheModule;

/**
 * What the dashboard needs from the gateway: the services the composition root ({@code loom.bootstrap.Gateway})
 * built at deploy. {@code GatewayInitializer} publishes them as a ServletContext attribute and {@link Services}
 * hands them to the Faces beans. They are never built a second time in CDI: one composition root owns every
 * service, its threads and its connections, and closes them at undeploy.
 */
public record DashboardServices(
    AnalyticsQueries analytics,
    UserService users,
    ApiKeyService keys,
    AlertService alerts,
    CacheModule cache,
    PriceService prices,
    TeamService teams,
    TrendQueries trends) {
  /** The ServletContext attribute that holds the published services. */
  public static final String ATTRIBUTE = DashboardServices.class.getName();

  public DashboardServices {
    Objects.requireNonNull(analytics, "analytics");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(teams, "teams");
    Objects.requireNonNull(trends, "trends");
  }

  /** Makes these services available to the dashboard of {@code context}. */
  public void publishTo(ServletContext context) {
    context.setAttribute(ATTRIBUTE, this);
  }

  /** Withdraws them at undeploy, so nothing keeps the closed services reachable. */
  public static void withdrawFrom(ServletContext context) {
    context.removeAttribute(ATTRIBUTE);
  }

  /** The services published to {@code context}; IllegalStateException when the gateway did not start. */
  static DashboardServices of(ServletContext context) {
    if (context.getAttribute(ATTRIBUTE) instanceof DashboardServices services) {
      return services;
    }
    throw new IllegalStateException(
        "The gateway's services are not published: did GatewayInitializer start?");
  }
}
