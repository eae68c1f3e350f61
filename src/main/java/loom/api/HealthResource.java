package loom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import loom.cache.CacheModule;
import loom.proxy.ProxyModule;
import loom.store.Store;

/** {@code GET /health}, without a key: UP with 200 when the store answers, DOWN with 503 when not. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
  private final Store store;
  private final ProxyModule proxy;
  private final CacheModule cache;

  @Inject
  public HealthResource(Store store, ProxyModule proxy, CacheModule cache) {
    this.store = store;
    this.proxy = proxy;
    this.cache = cache;
  }

  @GET
  public Response health() {
    boolean storeUp = store.isUp();
    Map<String, Dtos.ProviderHealth> providers = new LinkedHashMap<>();
    // Ids and types only: a health check must not wait on the providers' model listings.
    proxy.providerTypes().forEach((id, type) -> providers.put(id, new Dtos.ProviderHealth(type)));
    Dtos.HealthView health =
        new Dtos.HealthView(
            storeUp ? "UP" : "DOWN", storeUp ? "UP" : "DOWN", cache.backendState(), providers);
    return Response.status(storeUp ? 200 : 503).entity(health).build();
  }
}
