package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import loom.store.Dialect;
import loom.support.AccessDeniedException;
import loom.support.ConflictException;
import loom.support.FieldError;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;
import loom.testing.TestStores;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Teams seen by every role: the admin, a team's admin (alice of red), a plain member (bob of red), another team's
 * admin (carol of blue) and an outsider (dave).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class TeamServiceTest {
  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Identity id;
  private TeamService teams;
  private Caller alice;
  private Caller bob;
  private Caller carol;
  private Caller dave;
  private Team red;
  private Team blue;

  @BeforeEach
  void openStore() {
    id = new Identity(stores.open(dialect));
    teams = new TeamService(id.store, id.keys, id.clock);
    alice = id.newCaller("alice", Role.USER);
    bob = id.newCaller("bob", Role.USER);
    carol = id.newCaller("carol", Role.USER);
    dave = id.newCaller("dave", Role.USER);
    red = teams.create(id.admin, "red");
    blue = teams.create(id.admin, "blue");
    teams.putMember(id.admin, red.id(), alice.userId(), TeamRole.ADMIN);
    teams.putMember(id.admin, red.id(), bob.userId(), TeamRole.MEMBER);
    teams.putMember(id.admin, blue.id(), carol.userId(), TeamRole.ADMIN);
  }

  @Test
  void anAdminCreatesRenamesAndDeletesTeams() {
    id.clock.advance(Duration.ofMinutes(1));

    Team green = teams.create(id.admin, "  green\u200B ");
    Team renamed = teams.rename(id.admin, green.id(), "emerald");

    assertThat(green.id()).matches("team_[a-z2-7]{20}");
    assertThat(green.name()).isEqualTo("green");
    assertThat(green.createdAt()).isEqualTo(Identity.START.plus(Duration.ofMinutes(1)));
    assertThat(renamed.name()).isEqualTo("emerald");
    assertThat(teams.require(id.admin, green.id())).isEqualTo(renamed);
    teams.delete(id.admin, green.id());
    assertThatThrownBy(() -> teams.require(id.admin, green.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> teams.delete(id.admin, green.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> teams.rename(id.admin, "team_nope", "x"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void teamNamesFollowTheRulesOfUserNamesAndAreUnique() {
    assertThatThrownBy(() -> teams.create(id.admin, "red"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("A team named 'red' exists already.");
    assertThatThrownBy(() -> teams.rename(id.admin, blue.id(), " red "))
        .isInstanceOf(ConflictException.class);
    assertThat(teams.rename(id.admin, red.id(), "red").name()).isEqualTo("red");
    assertField(() -> teams.create(id.admin, " "), "name");
    assertField(() -> teams.create(id.admin, "t".repeat(65)), "name");
    assertField(() -> teams.create(id.admin, "a\u0007b"), "name");
  }

  @Test
  void onlyAnAdminChangesTeamsAndWhoIsInThem() {
    for (Caller notAdmin : new Caller[] {alice, bob, carol, dave}) {
      assertDenied(() -> teams.create(notAdmin, "mine"));
      assertDenied(() -> teams.rename(notAdmin, red.id(), "mine"));
      assertDenied(() -> teams.delete(notAdmin, red.id()));
      assertDenied(() -> teams.putMember(notAdmin, red.id(), dave.userId(), TeamRole.ADMIN));
      assertDenied(() -> teams.removeMember(notAdmin, red.id(), bob.userId()));
    }
    assertThat(teams.require(id.admin, red.id()).name()).isEqualTo("red");
    assertThat(teams.members(id.admin, red.id()))
        .extracting(TeamMember::userName)
        .containsExactly("alice", "bob");
  }

  @Test
  void aTeamAndItsMembersAreSeenByAdminsAndItsMembersOnly() {
    assertThat(teams.require(alice, red.id())).isEqualTo(red);
    assertThat(teams.require(bob, red.id())).isEqualTo(red);
    assertThat(teams.members(bob, red.id()))
        .extracting(TeamMember::userId, TeamMember::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(alice.userId(), TeamRole.ADMIN),
            org.assertj.core.groups.Tuple.tuple(bob.userId(), TeamRole.MEMBER));

    // Another team's admin and an outsider cannot tell red from a team that does not exist.
    for (Caller outsider : new Caller[] {carol, dave}) {
      assertThatThrownBy(() -> teams.require(outsider, red.id()))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("No team with id '" + red.id() + "'.");
      assertThatThrownBy(() -> teams.members(outsider, red.id()))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("No team with id '" + red.id() + "'.");
    }
    assertThatThrownBy(() -> teams.require(dave, "team_missing"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("No team with id 'team_missing'.");
  }

  @Test
  void anAdminListsEveryTeamAndOthersTheirOwn() {
    assertThat(teams.list(id.admin, 10, 0)).extracting(Team::name).containsExactly("blue", "red");
    assertThat(teams.count(id.admin)).isEqualTo(2);
    assertThat(teams.list(id.admin, 1, 1)).extracting(Team::name).containsExactly("red");
    assertThat(teams.list(alice, 10, 0)).containsExactly(red);
    assertThat(teams.list(carol, 10, 0)).containsExactly(blue);
    assertThat(teams.list(dave, 10, 0)).isEmpty();
    assertThat(teams.count(dave)).isZero();
    assertField(() -> teams.list(dave, 0, 0), "limit");
  }

  @Test
  void puttingAMemberAddsThemOrChangesTheirRole() {
    id.clock.advance(Duration.ofMinutes(3));

    TeamMember added = teams.putMember(id.admin, blue.id(), dave.userId(), TeamRole.MEMBER);
    id.clock.advance(Duration.ofMinutes(3));
    TeamMember promoted = teams.putMember(id.admin, blue.id(), dave.userId(), TeamRole.ADMIN);

    assertThat(added)
        .isEqualTo(
            new TeamMember(
                dave.userId(),
                "dave",
                TeamRole.MEMBER,
                Identity.START.plus(Duration.ofMinutes(3))));
    assertThat(promoted.role()).isEqualTo(TeamRole.ADMIN);
    assertThat(promoted.addedAt()).isEqualTo(added.addedAt());
    assertThat(teams.teamsAdministeredBy(dave.userId())).containsExactly(blue.id());
    assertThatThrownBy(() -> teams.putMember(id.admin, blue.id(), "usr_nobody", TeamRole.MEMBER))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("user");
    assertThatThrownBy(() -> teams.putMember(id.admin, "team_nope", dave.userId(), TeamRole.MEMBER))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("team");
  }

  @Test
  void membershipsNameEachTeamOfTheCallerWithTheirRole() {
    teams.putMember(id.admin, blue.id(), bob.userId(), TeamRole.ADMIN);

    assertThat(teams.memberships(bob))
        .containsExactly(
            new TeamMembership(blue, TeamRole.ADMIN), new TeamMembership(red, TeamRole.MEMBER));
    assertThat(teams.memberships(dave)).isEmpty();
    assertThat(teams.teamsAdministeredBy(bob.userId())).containsExactly(blue.id());
    assertThat(teams.teamsAdministeredBy(alice.userId())).containsExactly(red.id());
    assertThat(teams.teamsAdministeredBy(dave.userId())).isEmpty();
    assertThat(teams.isMember(bob.userId(), red.id())).isTrue();
    assertThat(teams.isMember(dave.userId(), red.id())).isFalse();
  }

  @Test
  void deletingATeamUnbindsItsKeysWhichKeepWorkingAtOnce() {
    IssuedKey key = id.keys.issue(bob, null, "red work", red.id(), KeyPolicy.NONE);
    assertThat(id.keys.authenticate(key.secret()).orElseThrow().teamId()).isEqualTo(red.id());

    teams.delete(id.admin, red.id());

    assertThat(id.keys.authenticate(key.secret()).orElseThrow().teamId())
        .as("cache entry dropped")
        .isNull();
    assertThat(id.keys.list(bob, null, 10, 0))
        .filteredOn(apiKey -> apiKey.id().equals(key.apiKey().id()))
        .singleElement()
        .satisfies(apiKey -> assertThat(apiKey.teamId()).isNull());
    assertThat(teams.memberships(bob)).isEmpty();
  }

  @Test
  void removingAMemberUnbindsTheirKeysFromTheTeam() {
    IssuedKey bobs = id.keys.issue(bob, null, "bob's", red.id(), KeyPolicy.NONE);
    IssuedKey alices = id.keys.issue(alice, null, "alice's", red.id(), KeyPolicy.NONE);
    assertThat(id.keys.authenticate(bobs.secret()).orElseThrow().teamId()).isEqualTo(red.id());

    teams.removeMember(id.admin, red.id(), bob.userId());

    assertThat(teams.isMember(bob.userId(), red.id())).isFalse();
    assertThat(id.keys.authenticate(bobs.secret()).orElseThrow().teamId()).isNull();
    assertThat(id.keys.authenticate(alices.secret()).orElseThrow().teamId()).isEqualTo(red.id());
    assertThatThrownBy(() -> teams.removeMember(id.admin, red.id(), bob.userId()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void deletingAUserRemovesTheirMemberships() {
    id.users.delete(id.admin, bob.userId());

    assertThat(teams.members(id.admin, red.id()))
        .extracting(TeamMember::userName)
        .containsExactly("alice");
  }

  private static void assertDenied(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(AccessDeniedException.class);
  }

  private static void assertField(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).errors())
                    .extracting(FieldError::param)
                    .containsExactly(field));
  }
}
