package loom.api;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import loom.auth.Team;
import loom.auth.TeamRole;
import loom.auth.TeamService;

/**
 * {@code /teams}: admins manage teams and their members; members see their teams; a team's admins list its keys
 * (the services enforce who may).
 */
@Path("/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TeamsResource {
  private final TeamService teams;
  private final ApiKeyService keys;

  @Inject
  public TeamsResource(TeamService teams, ApiKeyService keys) {
    this.teams = teams;
    this.keys = keys;
  }

  @GET
  public TeamDtos.TeamList list(
      @Context HttpServletRequest request,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Caller caller = Caller.of(request);
    Page page = Page.of(limit, offset);
    return new TeamDtos.TeamList(
        teams.list(caller, page.limit(), page.offset()).stream()
            .map(TeamDtos.TeamView::from)
            .toList(),
        teams.count(caller),
        page.limit(),
        page.offset());
  }

  @POST
  public Response create(
      @Context HttpServletRequest request, @Context UriInfo uri, TeamDtos.TeamRequest body) {
    Team team = teams.create(Caller.of(request), Dtos.required(body).name());
    return Response.created(uri.getAbsolutePathBuilder().path(team.id()).build())
        .entity(TeamDtos.TeamView.from(team))
        .build();
  }

  @GET
  @Path("{id}")
  public TeamDtos.TeamDetailView get(
      @Context HttpServletRequest request, @PathParam("id") String id) {
    Caller caller = Caller.of(request);
    return TeamDtos.TeamDetailView.from(teams.require(caller, id), teams.members(caller, id));
  }

  @PATCH
  @Path("{id}")
  public TeamDtos.TeamView rename(
      @Context HttpServletRequest request, @PathParam("id") String id, TeamDtos.TeamRequest body) {
    return TeamDtos.TeamView.from(teams.rename(Caller.of(request), id, Dtos.required(body).name()));
  }

  @DELETE
  @Path("{id}")
  public Response delete(@Context HttpServletRequest request, @PathParam("id") String id) {
    teams.delete(Caller.of(request), id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/members")
  public TeamDtos.MemberList members(
      @Context HttpServletRequest request, @PathParam("id") String id) {
    return TeamDtos.MemberList.from(teams.members(Caller.of(request), id));
  }

  @PUT
  @Path("{id}/members/{userId}")
  public TeamDtos.MemberView putMember(
      @Context HttpServletRequest request,
      @PathParam("id") String id,
      @PathParam("userId") String userId,
      TeamDtos.MemberRequest body) {
    TeamRole role = TeamRole.parse(Dtos.required(body).role());
    return TeamDtos.MemberView.from(teams.putMember(Caller.of(request), id, userId, role));
  }

  @DELETE
  @Path("{id}/members/{userId}")
  public Response removeMember(
      @Context HttpServletRequest request,
      @PathParam("id") String id,
      @PathParam("userId") String userId) {
    teams.removeMember(Caller.of(request), id, userId);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/keys")
  public Dtos.KeyList keys(
      @Context HttpServletRequest request,
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Caller caller = Caller.of(request);
    Page page = Page.of(limit, offset);
    return new Dtos.KeyList(
        keys.listByTeam(caller, id, page.limit(), page.offset()).stream()
            .map(Dtos.KeyView::from)
            .toList(),
        keys.countByTeam(caller, id),
        page.limit(),
        page.offset());
  }
}
