package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loom.alerts.BudgetScope;
import loom.auth.Caller;
import loom.auth.Team;
import loom.auth.TeamRole;
import loom.support.GatewayException;

/**
 * {@code dashboard/teams.xhtml}: the teams the caller may see ({@link TeamAccess}) with their spend today and this
 * month against their budgets, and one team opened by {@code ?team=<id>}: its members and the keys bound to it. Admins
 * create, rename and delete teams and manage members; a team admin views their teams and may revoke their keys. Every
 * action is one call of {@code TeamService} or {@code ApiKeyService} with the logged-in user as the caller, so the
 * services' rules apply whatever is posted. DashboardFilter keeps the page from users who administer no team.
 */
@Named
@ViewScoped
public class TeamsPage implements Serializable {
  /** The request parameter naming the opened team. */
  static final String TEAM = "team";

  static final int MAX_KEYS = 200;
  static final Map<String, String> NEW_TEAM_FIELDS =
      Map.of("name", "newTeam:name", FormMessages.CONFLICT, "newTeam:name");
  static final Map<String, String> RENAME_FIELDS =
      Map.of("name", "teamForm:rename", FormMessages.CONFLICT, "teamForm:rename");
  private static final long serialVersionUID = 1L;

  @Inject Services services;
  @Inject CurrentUser currentUser;

  private boolean admin;
  private List<TeamRow> teams = List.of();
  private Team selected;
  private boolean notFound;
  private List<MemberRow> members = List.of();
  private List<TeamKeyRow> keys = List.of();
  private List<Choice> users = List.of();
  private String newTeamName;
  private String renameTo;
  private String memberId;
  private String memberRole = TeamRole.MEMBER.id();

  @PostConstruct
  void load() {
    String requested =
        FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get(TEAM);
    Caller caller = currentUser.caller();
    admin = caller.isAdmin();
    if (admin) {
      users =
          services.users().list(caller, LogsPage.MAX_USERS, 0).stream()
              .map(user -> new Choice(user.id(), user.name()))
              .toList();
    }
    refresh(requested);
  }

  /** Reads the teams again, and the opened one's members and keys. */
  private void refresh(String teamId) {
    Caller caller = currentUser.caller();
    Set<String> administered =
        admin ? Set.of() : services.teams().teamsAdministeredBy(caller.userId());
    List<Team> visible =
        TeamAccess.visible(
            caller, services.teams().list(caller, TeamNames.MAX_TEAMS, 0), administered);
    teams =
        visible.stream()
            .map(
                team -> {
                  String scope = BudgetScope.team(team.id()).stored();
                  return TeamRow.of(
                      team.id(),
                      team.name(),
                      services.alerts().spend(caller, scope),
                      services.alerts().settings(caller, scope));
                })
            .toList();
    selected = TeamAccess.select(teamId, visible).orElse(null);
    notFound = teamId != null && !teamId.isBlank() && selected == null;
    members = List.of();
    keys = List.of();
    if (selected != null) {
      renameTo = selected.name();
      members =
          services.teams().members(caller, selected.id()).stream().map(MemberRow::of).toList();
      Map<String, String> owners = new HashMap<>();
      keys =
          services.keys().listByTeam(caller, selected.id(), MAX_KEYS, 0).stream()
              .map(
                  key ->
                      TeamKeyRow.of(
                          key,
                          owners.computeIfAbsent(
                              key.userId(),
                              id -> services.users().nameOf(id).orElse("deleted user " + id)),
                          Instant.now()))
              .toList();
    }
  }

  private String selectedId() {
    return selected == null ? null : selected.id();
  }

  // Actions (admins; the team service refuses anyone else)
  // ---------------------------------------------------

  public void createTeam() {
    try {
      Team team = services.teams().create(currentUser.caller(), newTeamName);
      FormMessages.info("Created the team " + team.name() + ".");
      newTeamName = null;
      refresh(team.id());
    } catch (GatewayException e) {
      FormMessages.show(e, NEW_TEAM_FIELDS);
    }
  }

  public void renameTeam() {
    try {
      Team team = services.teams().rename(currentUser.caller(), selectedId(), renameTo);
      FormMessages.info("Renamed the team to " + team.name() + ".");
      refresh(team.id());
    } catch (GatewayException e) {
      FormMessages.show(e, RENAME_FIELDS);
    }
  }

  public void deleteTeam() {
    act(
        () -> services.teams().delete(currentUser.caller(), selectedId()),
        "Deleted the team "
            + (selected == null ? "" : selected.name())
            + "; its keys work on, bound to no team.",
        null);
  }

  public void putMember() {
    act(
        () ->
            services
                .teams()
                .putMember(
                    currentUser.caller(), selectedId(), memberId, TeamRole.parse(memberRole)),
        "Saved the member.",
        selectedId());
  }

  public void changeRole(String userId, String role) {
    act(
        () ->
            services
                .teams()
                .putMember(currentUser.caller(), selectedId(), userId, TeamRole.parse(role)),
        "Changed the role.",
        selectedId());
  }

  public void removeMember(String userId, String name) {
    act(
        () -> services.teams().removeMember(currentUser.caller(), selectedId(), userId),
        "Removed " + name + " from the team; their keys are no longer bound to it.",
        selectedId());
  }

  /** Revokes a key of the opened team (admins and the team's admins, by the key service's rule). */
  public void revokeKey(String keyId, String name) {
    act(
        () -> services.keys().revoke(currentUser.caller(), keyId),
        "Revoked the key " + name + ".",
        selectedId());
  }

  private void act(Runnable action, String done, String thenShow) {
    try {
      action.run();
      FormMessages.info(done);
      refresh(thenShow);
    } catch (GatewayException e) {
      FormMessages.show(e, Map.of());
    }
  }

  // View state
  // ---------------------------------------------------------------------------------------------

  public boolean isAdmin() {
    return admin;
  }

  public List<TeamRow> getTeams() {
    return teams;
  }

  /** The opened team, or null. */
  public Team getSelected() {
    return selected;
  }

  /** Whether the address named a team the caller may not see here (or none that exists: not told apart). */
  public boolean isNotFound() {
    return notFound;
  }

  public List<MemberRow> getMembers() {
    return members;
  }

  public List<TeamKeyRow> getKeys() {
    return keys;
  }

  public List<Choice> getUsers() {
    return users;
  }

  public String getNewTeamName() {
    return newTeamName;
  }

  public void setNewTeamName(String newTeamName) {
    this.newTeamName = newTeamName;
  }

  public String getRenameTo() {
    return renameTo;
  }

  public void setRenameTo(String renameTo) {
    this.renameTo = renameTo;
  }

  public String getMemberId() {
    return memberId;
  }

  public void setMemberId(String memberId) {
    this.memberId = memberId;
  }

  public String getMemberRole() {
    return memberRole;
  }

  public void setMemberRole(String memberRole) {
    this.memberRole = memberRole;
  }
}
