package loom.api;

import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import loom.alerts.AlertService;
import loom.analytics.AnalyticsModule;
import loom.analytics.AnalyticsQueries;
import loom.analytics.PriceService;
import loom.analytics.TrendQueries;
import loom.auth.ApiKeyService;
import loom.auth.TeamService;
import loom.auth.UserService;
import loom.cache.CacheModule;
import loom.cache.warming.CacheWarmer;
import loom.config.AnalyticsConfig;
import loom.proxy.ProxyModule;
import loom.store.Store;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The {@code /api/v1} application: its resources, registered one by one (no package scanning, which
 * breaks inside a packed WAR), the problem mappers, the JSON dialect, and the services the composition
 * root hands over, injected into resources by HK2. Also serves its own OpenAPI document.
 */
public final class ApiApplication extends ResourceConfig {
  static final List<Class<?>> RESOURCES =
      List.of(
          HealthResource.class,
          MeResource.class,
          UsersResource.class,
          TeamsResource.class,
          KeysResource.class,
          ProvidersResource.class,
          AnalyticsResource.class,
          AnalyticsAdminResource.class,
          PricesResource.class,
          CacheResource.class,
          CacheWarmingResource.class,
          AlertsResource.class);

  public ApiApplication(
      Store store,
      UserService users,
      TeamService teams,
      ApiKeyService keys,
      ProxyModule proxy,
      AnalyticsModule analytics,
      TrendQueries trends,
      CacheModule cache,
      CacheWarmer warmer,
      AlertService alerts,
      AnalyticsConfig analyticsConfig,
      Clock clock) {
    RESOURCES.forEach(this::register);
    register(JacksonFeature.withoutExceptionMappers());
    register(ApiJson.class);
    register(ProblemMappers.Domain.class);
    register(ProblemMappers.Json.class);
    register(ProblemMappers.Web.class);
    register(ProblemMappers.Fallback.class);
    register(OpenApiDocumentResource.class);
    register(
        new AbstractBinder() {
          @Override
          protected void configure() {
            bind(store).to(Store.class);
            bind(users).to(UserService.class);
            bind(teams).to(TeamService.class);
            bind(keys).to(ApiKeyService.class);
            bind(proxy).to(ProxyModule.class);
            bind(analytics).to(AnalyticsModule.class);
            bind(cache).to(CacheModule.class);
            bind(warmer).to(CacheWarmer.class);
            bind(analytics.queries()).to(AnalyticsQueries.class);
            bind(trends).to(TrendQueries.class);
            bind(analytics.priceService()).to(PriceService.class);
            bind(new AnalyticsLimits(analyticsConfig, clock)).to(AnalyticsLimits.class);
            bind(clock).to(Clock.class);
            bind(alerts).to(AlertService.class);
          }
        });
    property(ServerProperties.WADL_FEATURE_DISABLE, true);
    property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
  }

  /** The servlet to map at {@code /api/v1/*}. */
  public Servlet servlet() {
    return new ServletContainer(this);
  }

  static SwaggerConfiguration openApi() {
    OpenAPI document =
        new OpenAPI()
            .info(
                new Info()
                    .title("Loom Gateway API")
                    .version("v1")
                    .description(
                        "Users, teams, API keys (with team and policy), providers, health, analytics (logs, stats, costs, time series, trends, the month's projection, exports), "
                            + "run-time prices and the response cache of a Loom Gateway. Every endpoint but /health "
                            + "takes Authorization: Bearer <Loom API key>; errors are application/problem+json (RFC 9457)."))
            .servers(List.of(new Server().url("/loom/api/v1").description("as deployed at /loom")))
            .components(
                new Components()
                    .addSecuritySchemes(
                        "bearer",
                        new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description("a Loom API key (lk-...)")))
            .addSecurityItem(new SecurityRequirement().addList("bearer"));
    Set<String> classes = RESOURCES.stream().map(Class::getName).collect(Collectors.toSet());
    return new SwaggerConfiguration()
        .openAPI(document)
        .prettyPrint(true)
        .readAllResources(true)
        .resourceClasses(classes);
  }
}
