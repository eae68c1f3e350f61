package loom.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import loom.alerts.BudgetFilter;
import loom.alerts.BudgetHeaderFilter;
import loom.analytics.AnalyticsFilter;
import loom.auth.AuthFilter;
import loom.cache.CacheFilter;
import loom.dashboard.AsyncThreadCleanup;
import loom.dashboard.DashboardFilter;
import loom.proxy.AttributionFilter;
import loom.proxy.RequestIdFilter;
import loom.testing.InProcessGateway;
import loom.testing.InProcessGateway.RegisteredFilter;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The map of the request path (DESIGN §1, STYLE §2) as the container holds it once {@link GatewayInitializer} has
 * deployed: every filter in the order the container applies them, on its paths, for requests as they arrive, async
 * like the servlets behind it; and the servlets on theirs. Written out here, so that a change to the order is a
 * change to this list.
 */
@ExtendWith(InProcessGatewayExtension.class)
class GatewayInitializerTest {
  private static final String PROXY = "/v1/*";
  private static final String API = "/api/v1/*";

  @Test
  void theFiltersAreRegisteredInTheirOrderOnTheirPaths(InProcessGateway gateway) {
    assertThat(gateway.filters())
        .containsExactly(
            filter("loom-async-thread-cleanup", AsyncThreadCleanup.class, PROXY),
            filter("loom-request-id", RequestIdFilter.class, PROXY, API),
            filter("loom-analytics", AnalyticsFilter.class, PROXY),
            filter("loom-auth-proxy", AuthFilter.class, PROXY),
            filter("loom-attribution", AttributionFilter.class, PROXY),
            filter("loom-auth-metrics", AuthFilter.class, "/metrics"),
            filter("loom-auth-api", AuthFilter.class, API),
            filter("loom-budget-header", BudgetHeaderFilter.class, PROXY),
            filter("loom-cache", CacheFilter.class, PROXY),
            filter("loom-budget", BudgetFilter.class, PROXY),
            filter(
                "loom-dashboard",
                DashboardFilter.class,
                "/dashboard/*",
                "/login.xhtml",
                "/jakarta.faces.resource/*",
                "*.xhtml"));
  }

  @Test
  void theServletsAreMappedToTheirPaths(InProcessGateway gateway) {
    // "/" is the container's default servlet, which every WAR gets; the Faces servlet (*.xhtml) is
    // not in process.
    assertThat(gateway.servletMappings())
        .isEqualTo(
            Map.of(
                PROXY,
                "loom-proxy",
                API,
                "loom-api",
                "/metrics",
                "loom-metrics",
                "/error",
                "loom-error",
                "/",
                "default"));
  }

  private static RegisteredFilter filter(String name, Class<?> type, String... urlPatterns) {
    return new RegisteredFilter(name, type, List.of(urlPatterns), Set.of("REQUEST"), true);
  }
}
