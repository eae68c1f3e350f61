package loom.api;

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
import loom.auth.Caller;
import loom.auth.Role;
import loom.auth.User;
import loom.auth.UserService;
import loom.support.NotFoundException;

/** {@code /users}: admins manage users (the service enforces who may). */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class UsersResource {
  private final UserService users;

  @Inject
  public UsersResource(UserService users) {
    this.users = users;
  }

  @GET
  public Dtos.UserList list(
      @Context HttpServletRequest request,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Caller caller = Caller.of(request);
    Page page = Page.of(limit, offset);
    return new Dtos.UserList(
        users.list(caller, page.limit(), page.offset()).stream().map(Dtos.UserView::from).toList(),
        users.count(caller),
        page.limit(),
        page.offset());
  }

  @GET
  @Path("{id}")
  public Dtos.UserView get(@Context HttpServletRequest request, @PathParam("id") String id) {
    return Dtos.UserView.from(
        users.find(Caller.of(request), id).orElseThrow(() -> new NotFoundException("user", id)));
  }

  @POST
  public Response create(
      @Context HttpServletRequest request, @Context UriInfo uri, Dtos.CreateUserRequest body) {
    Dtos.CreateUserRequest create = Dtos.required(body);
    User user =
        users.create(
            Caller.of(request),
            create.name(),
            create.role() == null ? Role.USER : Role.parse(create.role()),
            chars(create.password()));
    return Response.created(uri.getAbsolutePathBuilder().path(user.id()).build())
        .entity(Dtos.UserView.from(user))
        .build();
  }

  @PATCH
  @Path("{id}")
  public Dtos.UserView update(
      @Context HttpServletRequest request,
      @PathParam("id") String id,
      Dtos.UpdateUserRequest body) {
    Dtos.UpdateUserRequest update = Dtos.required(body);
    return Dtos.UserView.from(
        users.update(
            Caller.of(request),
            id,
            update.name(),
            update.role() == null ? null : Role.parse(update.role()),
            chars(update.password())));
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }

  @DELETE
  @Path("{id}")
  public Response delete(@Context HttpServletRequest request, @PathParam("id") String id) {
    users.delete(Caller.of(request), id);
    return Response.noContent().build();
  }
}
