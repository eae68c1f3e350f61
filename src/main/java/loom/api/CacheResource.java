package loom.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import loom.auth.Caller;
import loom.cache.CacheModule;
import loom.config.CacheConfig;
import loom.support.AccessDeniedException;

/**
 * {@code /cache}: statistics for everyone; configuration, clearing, invalidation and key explanation for
 * admins (the module enforces it).
 */
@Path("/cache")
@Produces(MediaType.APPLICATION_JSON)
public final class CacheResource {
  private final CacheModule cache;

  @Inject
  public CacheResource(CacheModule cache) {
    this.cache = cache;
  }

  @GET
  @Path("stats")
  public Dtos.CacheStatsView stats() {
    return Dtos.CacheStatsView.from(cache.stats());
  }

  @GET
  @Path("config")
  public Dtos.CacheConfigView config(@Context HttpServletRequest request) {
    if (!Caller.of(request).isAdmin()) {
      throw new AccessDeniedException("Only an admin may read the cache configuration.");
    }
    CacheConfig config = cache.config();
    return new Dtos.CacheConfigView(
        config.enabled(),
        config.backend().name().toLowerCase(Locale.ROOT),
        cache.backendState(),
        config.defaultTtl().toSeconds(),
        config.maxTtl().toSeconds(),
        config.maxSize(),
        config.maxMemoryMb(),
        config.maxEntrySize(),
        config.cleanupPeriod().toSeconds(),
        config.onlyDeterministic(),
        config.scope().name().toLowerCase(Locale.ROOT),
        config.redisUrl().isEmpty() ? null : config.maskedRedisUrl(),
        config.redissonConfig().map(Object::toString).orElse(null),
        config.jcacheConfig().map(Object::toString).orElse(null),
        new Dtos.SemanticConfigView(
            config.semantic().enabled(),
            config.semantic().onByDefault() ? "on" : "off",
            config.semantic().threshold(),
            config.semantic().maxMemoryMb(),
            cache.semanticState()));
  }

  @POST
  @Path("clear")
  public Dtos.CacheClearView clear(@Context HttpServletRequest request) {
    return new Dtos.CacheClearView(
        true, "Cache cleared successfully", cache.clear(Caller.of(request)));
  }

  @POST
  @Path("invalidate")
  @Consumes(MediaType.APPLICATION_JSON)
  public Dtos.InvalidationView invalidate(
      @Context HttpServletRequest request, Dtos.InvalidateRequest body) {
    Dtos.InvalidateRequest asked = Dtos.required(body);
    CacheModule.Invalidation done =
        cache.invalidate(
            Caller.of(request), asked.type(), asked.value(), Boolean.TRUE.equals(asked.dryRun()));
    return new Dtos.InvalidationView(
        true, done.removed(), done.description(), done.at(), done.dryRun());
  }

  @POST
  @Path("explain")
  @Consumes(MediaType.APPLICATION_JSON)
  public Dtos.ExplanationView explain(@Context HttpServletRequest request, ObjectNode body) {
    CacheModule.Explanation explanation = cache.explain(Caller.of(request), Dtos.required(body));
    return new Dtos.ExplanationView(
        explanation.key(),
        explanation.canonical(),
        explanation.excludedFields(),
        explanation.cached());
  }
}
