package loom.bootstrap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import loom.config.ConfigException;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import loom.config.ProviderConfig;
import loom.proxy.ProxyModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: at deploy it reads the configuration, builds every feature and registers the
 * filters and servlets in their order (declared in web.xml so it may do so); at undeploy it closes
 * them again, leaving no thread or connection behind. A bad configuration stops the deploy.
 */
public final class GatewayInitializer implements ServletContextListener {
  static final String JNDI_CONFIG = "java:comp/env/loom/config";
  static final String PROXY_MAPPING = "/v1/*";
  private static final Logger log = LoggerFactory.getLogger(GatewayInitializer.class);

  private ProxyModule proxy;

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
    proxy = ProxyModule.create(config, Clock.systemUTC());

    // The proxy chain, outermost first. The auth filter takes its place right after the request id.
    addFilter(ctx, "loom-request-id", proxy.requestIdFilter(), PROXY_MAPPING);
    ServletRegistration.Dynamic servlet = ctx.addServlet("loom-proxy", proxy.servlet());
    servlet.setAsyncSupported(true);
    servlet.addMapping(PROXY_MAPPING);

    log.info("Loom Gateway started at {}{}: providers {}, default provider {}, configuration from {}",
        ctx.getContextPath(), "/v1", config.providers().stream().map(ProviderConfig::id).toList(),
        config.routing().defaultProvider(), config.source());
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (proxy != null) {
      proxy.close();
      proxy = null;
    }
    log.info("Loom Gateway stopped");
  }

  private static void addFilter(ServletContext ctx, String name, Filter filter, String mapping) {
    FilterRegistration.Dynamic registration = ctx.addFilter(name, filter);
    // Every filter in front of the async proxy servlet must support async itself.
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, mapping);
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
