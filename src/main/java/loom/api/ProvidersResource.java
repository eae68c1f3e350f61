package loom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import loom.proxy.ProxyModule;

/** {@code GET /providers}: ids, types and models of the configured providers; never their keys. */
@Path("/providers")
@Produces(MediaType.APPLICATION_JSON)
public final class ProvidersResource {
  private final ProxyModule proxy;

  @Inject
  public ProvidersResource(ProxyModule proxy) {
    this.proxy = proxy;
  }

  @GET
  public Dtos.ProviderList providers() {
    return new Dtos.ProviderList(proxy.describeProviders().stream().map(Dtos.ProviderView::from).toList());
  }
}
