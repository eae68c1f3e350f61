package loom.api;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import loom.auth.Caller;
import loom.auth.TeamService;

/** {@code GET /me}: who the caller's key belongs to, and the teams they are in with their role in each. */
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
public final class MeResource {
  private final TeamService teams;

  @Inject
  public MeResource(TeamService teams) {
    this.teams = teams;
  }

  @GET
  public Dtos.MeView me(@Context HttpServletRequest request) {
    Caller caller = Caller.of(request);
    return Dtos.MeView.from(caller, teams.memberships(caller));
  }
}
