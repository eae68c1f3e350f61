package loom.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import loom.auth.ApiKeyService;
import loom.auth.Caller;
import loom.auth.IssuedKey;

/**
 * {@code /keys}: a user manages their own API keys, a team admin those bound to their team, an admin anyone's (the
 * service enforces who may).
 */
@Path("/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class KeysResource {
  private final ApiKeyService keys;

  @Inject
  public KeysResource(ApiKeyService keys) {
    this.keys = keys;
  }

  @GET
  public Dtos.KeyList list(
      @Context HttpServletRequest request,
      @QueryParam("user_id") String userId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Caller caller = Caller.of(request);
    Page page = Page.of(limit, offset);
    return new Dtos.KeyList(
        keys.list(caller, userId, page.limit(), page.offset()).stream()
            .map(Dtos.KeyView::from)
            .toList(),
        keys.count(caller, userId),
        page.limit(),
        page.offset());
  }

  @POST
  public Response create(
      @Context HttpServletRequest request, @Context UriInfo uri, Dtos.CreateKeyRequest body) {
    Dtos.CreateKeyRequest create = Dtos.required(body);
    IssuedKey issued =
        keys.issue(
            Caller.of(request), create.userId(), create.name(), create.teamId(), create.policy());
    return Response.created(uri.getAbsolutePathBuilder().path(issued.apiKey().id()).build())
        .entity(Dtos.IssuedKeyView.from(issued))
        .build();
  }

  /** Changes name, team and policy as a JSON merge patch (a field set to null clears it); see {@link KeyPatchBody}. */
  @PATCH
  @Path("{id}")
  public Dtos.KeyView update(
      @Context HttpServletRequest request, @PathParam("id") String id, JsonNode body) {
    return Dtos.KeyView.from(keys.update(Caller.of(request), id, KeyPatchBody.parse(body)));
  }

  @DELETE
  @Path("{id}")
  public Response revoke(@Context HttpServletRequest request, @PathParam("id") String id) {
    keys.revoke(Caller.of(request), id);
    return Response.noContent().build();
  }
}
