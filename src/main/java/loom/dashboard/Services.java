package loom.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import loom.alerts.AlertService;
import loom.analytics.AnalyticsQueries;
import loom.analytics.PriceService;
import loom.analytics.TrendQueries;
import loom.auth.ApiKeyService;
import loom.auth.TeamService;
import loom.auth.UserService;
import loom.cache.CacheModule;

/**
 * The gateway's services for the Faces beans, read from what {@code GatewayInitializer} published (see
 * {@link DashboardServices}); this bean builds nothing itself. Beans inject this holder (a serializable client
 * proxy), not the services, which are neither serializable nor proxyable: a view- or session-scoped bean may
 * only depend on passivation-capable beans.
 */
@ApplicationScoped
public class Services {
  @Inject ServletContext servletContext;

  public AnalyticsQueries analytics() {
    return DashboardServices.of(servletContext).analytics();
  }

  public UserService users() {
    return DashboardServices.of(servletContext).users();
  }

  public ApiKeyService keys() {
    return DashboardServices.of(servletContext).keys();
  }

  public AlertService alerts() {
    return DashboardServices.of(servletContext).alerts();
  }

  public CacheModule cache() {
    return DashboardServices.of(servletContext).cache();
  }

  public PriceService prices() {
    return DashboardServices.of(servletContext).prices();
  }

  public TeamService teams() {
    return DashboardServices.of(servletContext).teams();
  }

  public TrendQueries trends() {
    return DashboardServices.of(servletContext).trends();
  }
}
