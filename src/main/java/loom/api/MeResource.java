package loom.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import loom.auth.Caller;

/** {@code GET /me}: who the caller's key belongs to. */
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
public final class MeResource {
  @GET
  public Dtos.MeView me(@Context HttpServletRequest request) {
    return Dtos.MeView.from(Caller.of(request));
  }
}
