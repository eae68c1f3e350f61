package loom.bootstrap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import loom.api.Problems;
import loom.auth.AuthFilter;
import loom.config.ConfigException;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import loom.config.ProviderConfig;
import loom.config.WireApi;
import loom.dashboard.AsyncThreadCleanup;
import loom.dashboard.DashboardFilter;
import loom.dashboard.DashboardServices;
import loom.proxy.Endpoint;
import loom.store.Store;
import loom.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root's container side: at deploy it reads the configuration, has {@link Gateway}
 * build every feature and registers the filters and servlets in their order (it is declared in web.xml
 * so it may); at undeploy it closes the gateway, leaving no thread or connection behind. A bad
 * configuration or a store that cannot be opened stops the deploy.
 */
public final class GatewayInitializer implements ServletContextListener {
  static final String JNDI_CONFIG = "java:comp/env/loom/config";
  static final String PROXY_PREFIX = "/v1";
  static final String PROXY_MAPPING = PROXY_PREFIX + "/*";
  static final String API_PREFIX = "/api/v1";
  static final String API_MAPPING = API_PREFIX + "/*";
  static final String METRICS_MAPPING = "/metrics";

  /**
   * The dashboard's pages, its login page and the Faces resources (CSS, scripts) its pages load, and every other
   * path Faces would answer ({@code *.xhtml}), which the dashboard filter answers with a 404.
   */
  static final String[] DASHBOARD_MAPPINGS = {
    "/dashboard/*", "/login.xhtml", "/jakarta.faces.resource/*", "*.xhtml"
  };

  /** Paths under /api/v1 that answer without a key. */
  static final Set<String> PUBLIC_API_PATHS = Set.of("/health", "/openapi.json");

  private static final Logger log = LoggerFactory.getLogger(GatewayInitializer.class);

  private Gateway gateway;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext ctx = event.getServletContext();
    GatewayConfig config;
    try {
      config = ConfigLoader.fromSystem().load(jndiConfigLocation());
    } catch (ConfigException e) {
      log.error("Loom Gateway not started, fix the configuration: {}", e.getMessage());
      throw e;
    }
    try {
      gateway =
          Gateway.start(
              config,
              Clock.systemUTC(),
              ctx.getContextPath().isEmpty() ? "ROOT" : ctx.getContextPath().substring(1));
    } catch (StoreException e) {
      log.error("Loom Gateway not started, fix the store: {}", e.getMessage());
      throw e;
    }

    // The chains, outermost first: request id, analytics (so it records 401s too), the API key, the
    // call's attribution (team, session, client tool, tags: before anything that may answer the
    // call), the budget header, the response cache (so only known callers are served from it,
    // whatever their budget), budget enforcement (so only calls that would reach a provider are
    // refused), then what the path serves. Around all of them on the async proxy, a filter that
    // keeps the dashboard's Faces library off its threads.
    addFilter(ctx, "loom-async-thread-cleanup", new AsyncThreadCleanup(), PROXY_MAPPING);
    addFilter(
        ctx, "loom-request-id", gateway.proxy().requestIdFilter(), PROXY_MAPPING, API_MAPPING);
    if (config.analytics().enabled()) {
      addFilter(ctx, "loom-analytics", gateway.analytics().filter(), PROXY_MAPPING);
    } else {
      log.warn(
          "Analytics is off (analytics.enabled: false): proxied requests are not recorded, priced or counted");
    }
    addFilter(
        ctx,
        "loom-auth-proxy",
        new AuthFilter(
            gateway.keys(),
            gateway.proxy().unauthorizedResponder(),
            request -> false,
            request -> Endpoint.apiOf(request.getPathInfo()) == WireApi.MESSAGES),
        PROXY_MAPPING);
    addFilter(ctx, "loom-attribution", gateway.proxy().attributionFilter(), PROXY_MAPPING);
    addFilter(
        ctx,
        "loom-auth-metrics",
        new AuthFilter(
            gateway.keys(), Problems.unauthorized(), request -> config.metrics().isPublic()),
        METRICS_MAPPING);
    addFilter(
        ctx,
        "loom-auth-api",
        new AuthFilter(
            gateway.keys(),
            Problems.unauthorized(),
            request -> PUBLIC_API_PATHS.contains(request.getPathInfo())),
        API_MAPPING);
    addFilter(ctx, "loom-budget-header", gateway.alerts().budgetHeaderFilter(), PROXY_MAPPING);
    addFilter(ctx, "loom-cache", gateway.cache().filter(), PROXY_MAPPING);
    addFilter(
        ctx,
        "loom-budget",
        gateway
            .alerts()
            .budgetFilter(gateway.proxy()::prepare, gateway.proxy().unauthorizedResponder()),
        PROXY_MAPPING);
    addServlet(ctx, "loom-proxy", gateway.proxy().servlet(), PROXY_MAPPING);
    addServlet(ctx, "loom-api", gateway.api().servlet(), API_MAPPING);
    addServlet(ctx, "loom-metrics", gateway.analytics().metricsServlet(), METRICS_MAPPING);
    addServlet(ctx, "loom-error", new ErrorPageServlet(), ErrorPageServlet.PATH);

    // The dashboard (Faces, PrimeFaces, CDI) gets the services built above rather than building its
    // own in CDI: one composition root owns every service, its threads and its connections, and
    // closes them at undeploy.
    new DashboardServices(
            gateway.analytics().queries(),
            gateway.users(),
            gateway.keys(),
            gateway.alerts().service(),
            gateway.cache(),
            gateway.analytics().priceService(),
            gateway.teams(),
            gateway.trends())
        .publishTo(ctx);
    addFilter(
        ctx,
        "loom-dashboard",
        new DashboardFilter(
            gateway.users()::current,
            userId -> !gateway.teams().teamsAdministeredBy(userId).isEmpty()),
        DASHBOARD_MAPPINGS);

    log.info(
        "Loom Gateway started at {}{}: providers {}, default provider {}, configuration from {}",
        ctx.getContextPath(),
        "/v1",
        config.providers().stream().map(ProviderConfig::id).toList(),
        config.routing().defaultProvider(),
        config.source());
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    DashboardServices.withdrawFrom(event.getServletContext());
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
    Store.unregisterDriversOf(GatewayInitializer.class.getClassLoader());
    Java17Leaks.release(event.getServletContext().getClassLoader());
    log.info("Loom Gateway stopped");
  }

  private static void addFilter(
      ServletContext ctx, String name, Filter filter, String... mappings) {
    FilterRegistration.Dynamic registration = ctx.addFilter(name, filter);
    // Every filter in front of the async proxy servlet must support async itself.
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, mappings);
  }

  private static void addServlet(ServletContext ctx, String name, Servlet servlet, String mapping) {
    ServletRegistration.Dynamic registration = ctx.addServlet(name, servlet);
    registration.setAsyncSupported(true);
    registration.setLoadOnStartup(1);
    registration.addMapping(mapping);
  }

  private static Optional<String> jndiConfigLocation() {
    try {
      Object value = new InitialContext().lookup(JNDI_CONFIG);
      return Optional.ofNullable(value).map(Object::toString);
    } catch (NamingException | RuntimeException notDefined) {
      // Containers without JNDI (or without this entry) simply don't name a file this way.
      return Optional.empty();
    }
  }
}
