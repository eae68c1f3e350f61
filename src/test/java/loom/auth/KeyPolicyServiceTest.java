package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import loom.auth.KeyChanges.Change;
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
 * A key's team and policy through {@link ApiKeyService}: issued, validated, changed (merge semantics), seen and
 * managed by the team's admins, and picked up at once by authentication. Alice administers red, bob is a member of
 * red, carol administers blue, dave is in no team.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class KeyPolicyServiceTest {
  private static final Instant TOMORROW = Identity.START.plus(Duration.ofDays(1));

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Identity id;
  private ApiKeyService keys;
  private Caller alice;
  private Caller bob;
  private Caller carol;
  private Caller dave;
  private Team red;
  private Team blue;

  @BeforeEach
  void openStore() {
    id = new Identity(stores.open(dialect));
    keys = id.keys;
    TeamService teams = new TeamService(id.store, keys, id.clock);
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
  void aKeyIssuedWithTeamAndPolicyAuthenticatesAsACallerCarryingThem() {
    KeyPolicy policy =
        new KeyPolicy(
            List.of(" openai/gpt-4o ", "claude-sonnet-4", "openai/gpt-4o"),
            TOMORROW,
            List.of("env:prod", " billing ", "env:prod"));

    IssuedKey issued = keys.issue(bob, null, "ci", red.id(), policy);

    KeyPolicy stored =
        new KeyPolicy(
            List.of("openai/gpt-4o", "claude-sonnet-4"), TOMORROW, List.of("env:prod", "billing"));
    assertThat(issued.apiKey().teamId()).isEqualTo(red.id());
    assertThat(issued.apiKey().policy()).isEqualTo(stored);
    assertThat(keys.list(bob, null, 10, 0)).contains(issued.apiKey());
    assertThat(keys.authenticate(issued.secret()))
        .contains(
            new Caller(bob.userId(), "bob", Role.USER, issued.apiKey().id(), red.id(), stored));
  }

  @Test
  void aKeyIsBoundOnlyToATeamItsOwnerIsIn() {
    assertField(() -> keys.issue(dave, null, "x", red.id(), KeyPolicy.NONE), "team_id");
    assertField(
        () -> keys.issue(id.admin, dave.userId(), "x", red.id(), KeyPolicy.NONE), "team_id");
    assertField(() -> keys.issue(bob, null, "x", "team_missing", KeyPolicy.NONE), "team_id");
    assertThat(
            keys.issue(id.admin, bob.userId(), "by admin", red.id(), KeyPolicy.NONE)
                .apiKey()
                .teamId())
        .isEqualTo(red.id());
    String daves = keys.issue(dave, null, "free", null, KeyPolicy.NONE).apiKey().id();
    assertField(
        () ->
            keys.update(
                dave, daves, new KeyChanges(null, new Change<>(red.id()), null, null, null)),
        "team_id");
  }

  @Test
  void aBrokenPolicyIsRefusedNamingEachField() {
    List<String> tooManyModels = IntStream.range(0, 101).mapToObj(i -> "m" + i).toList();
    List<String> tooManyTags = IntStream.range(0, 21).mapToObj(i -> "t" + i).toList();

    assertFields(
        () ->
            keys.issue(
                bob,
                null,
                "x",
                null,
                new KeyPolicy(List.of(" "), Identity.START, List.of("bad tag!"))),
        "allowed_models",
        "expires_at",
        "default_tags");
    assertFields(
        () -> keys.issue(bob, null, "x", null, new KeyPolicy(tooManyModels, null, tooManyTags)),
        "allowed_models",
        "default_tags");
    assertFields(
        () -> keys.issue(bob, null, "x", null, new KeyPolicy(List.of("m".repeat(201)), null, null)),
        "allowed_models");
    assertFields(
        () -> keys.issue(bob, null, "x", null, new KeyPolicy(List.of("openai/"), null, null)),
        "allowed_models");
    assertFields(
        () ->
            keys.issue(
                bob, null, "x", null, new KeyPolicy(null, Identity.START.minusSeconds(1), null)),
        "expires_at");
    List<String> exactly = new ArrayList<>(IntStream.range(0, 100).mapToObj(i -> "m" + i).toList());
    assertThat(
            keys.issue(
                    bob,
                    null,
                    "max",
                    null,
                    new KeyPolicy(exactly, null, tooManyTags.subList(0, 20)))
                .apiKey()
                .policy()
                .allowedModels())
        .hasSize(100);
  }

  @Test
  void aChangeSetsWhatItGivesClearsWhatItNullsAndKeepsTheRest() {
    IssuedKey issued =
        keys.issue(
            bob,
            null,
            "ci",
            red.id(),
            new KeyPolicy(List.of("gpt-4o"), TOMORROW, List.of("env:prod")));
    String keyId = issued.apiKey().id();

    ApiKey renamed = keys.update(bob, keyId, new KeyChanges(" deploy ", null, null, null, null));
    ApiKey changed =
        keys.update(
            bob,
            keyId,
            new KeyChanges(
                null,
                new Change<>(null),
                new Change<>(List.of("openai/gpt-4o-mini")),
                new Change<>(null),
                new Change<>(List.of("env:dev"))));
    ApiKey cleared =
        keys.update(
            bob, keyId, new KeyChanges(null, null, new Change<>(null), null, new Change<>(null)));

    assertThat(renamed.name()).isEqualTo("deploy");
    assertThat(renamed.teamId()).isEqualTo(red.id());
    assertThat(renamed.policy()).isEqualTo(issued.apiKey().policy());
    assertThat(changed.name()).isEqualTo("deploy");
    assertThat(changed.teamId()).isNull();
    assertThat(changed.policy())
        .isEqualTo(new KeyPolicy(List.of("openai/gpt-4o-mini"), null, List.of("env:dev")));
    assertThat(cleared.policy()).isEqualTo(KeyPolicy.NONE);
    assertThat(cleared.prefix()).isEqualTo(issued.apiKey().prefix());
    assertThat(cleared.createdAt()).isEqualTo(issued.apiKey().createdAt());
    assertFields(
        () ->
            keys.update(
                bob,
                keyId,
                new KeyChanges(
                    null, null, null, new Change<>(Identity.START.minusSeconds(5)), null)),
        "expires_at");
    assertFields(
        () -> keys.update(bob, keyId, new KeyChanges(" ", null, null, null, null)), "name");
  }

  @Test
  void aChangeWorksAtOnceOnThisGatewayAndOnOthersWithinTheCacheTtl() {
    IssuedKey issued = keys.issue(bob, null, "cached", red.id(), KeyPolicy.NONE);
    Identity other = id.otherGateway();
    assertThat(keys.authenticate(issued.secret()).orElseThrow().teamId()).isEqualTo(red.id());
    assertThat(other.keys.authenticate(issued.secret()).orElseThrow().teamId()).isEqualTo(red.id());

    keys.update(
        bob,
        issued.apiKey().id(),
        new KeyChanges(null, new Change<>(null), new Change<>(List.of("gpt-4o")), null, null));

    Caller here = keys.authenticate(issued.secret()).orElseThrow();
    assertThat(here.teamId()).isNull();
    assertThat(here.policy().allowedModels()).containsExactly("gpt-4o");
    assertThat(other.keys.authenticate(issued.secret()).orElseThrow().teamId())
        .as("still cached there")
        .isEqualTo(red.id());
    id.clock.advance(Identity.TTL);
    assertThat(other.keys.authenticate(issued.secret()).orElseThrow().teamId()).isNull();
  }

  @Test
  void aKeyIsChangedByItsOwnerAnAdminOrAnAdminOfItsTeamOnly() {
    String keyId = keys.issue(bob, null, "red key", red.id(), KeyPolicy.NONE).apiKey().id();
    KeyChanges rename = new KeyChanges("renamed", null, null, null, null);

    assertThat(keys.update(bob, keyId, rename).name()).isEqualTo("renamed");
    assertThat(keys.update(id.admin, keyId, rename).name()).isEqualTo("renamed");
    assertThat(
            keys.update(alice, keyId, new KeyChanges("by team admin", null, null, null, null))
                .name())
        .isEqualTo("by team admin");
    // Another team's admin and an outsider cannot tell the key from a missing one.
    assertNotFound(() -> keys.update(carol, keyId, rename));
    assertNotFound(() -> keys.update(dave, keyId, rename));
    assertNotFound(() -> keys.update(bob, "key_missing", rename));
    // A team member who does not own the key has no say over it.
    String alicesKey = keys.issue(alice, null, "alice's", red.id(), KeyPolicy.NONE).apiKey().id();
    assertNotFound(() -> keys.update(bob, alicesKey, rename));
  }

  @Test
  void aTeamAdminCannotTouchAnotherTeamsKeysNorMoveKeysToATeamTheyDoNotRun() {
    String carols = keys.issue(carol, null, "blue key", blue.id(), KeyPolicy.NONE).apiKey().id();
    String bobs = keys.issue(bob, null, "red key", red.id(), KeyPolicy.NONE).apiKey().id();
    new TeamService(id.store, keys, id.clock)
        .putMember(id.admin, blue.id(), bob.userId(), TeamRole.MEMBER);

    assertNotFound(
        () -> keys.update(alice, carols, new KeyChanges("mine", null, null, null, null)));
    assertNotFound(() -> keys.revoke(alice, carols));
    assertThatThrownBy(() -> keys.listByTeam(alice, blue.id(), 10, 0))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                keys.update(
                    alice, bobs, new KeyChanges(null, new Change<>(blue.id()), null, null, null)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(
            keys.update(bob, bobs, new KeyChanges(null, new Change<>(blue.id()), null, null, null))
                .teamId())
        .as("the owner may, being in blue")
        .isEqualTo(blue.id());
    assertThat(keys.authenticate(keys.issue(carol, null, "probe", null, KeyPolicy.NONE).secret()))
        .isPresent();
    assertThat(keys.list(carol, null, 10, 0))
        .filteredOn(key -> key.id().equals(carols))
        .singleElement()
        .satisfies(key -> assertThat(key.name()).isEqualTo("blue key"));
  }

  @Test
  void aTeamAdminListsAndRevokesTheTeamsKeys() {
    IssuedKey bobs = keys.issue(bob, null, "red key", red.id(), KeyPolicy.NONE);
    keys.issue(bob, null, "own key", null, KeyPolicy.NONE);

    assertThat(keys.listByTeam(alice, red.id(), 10, 0))
        .extracting(ApiKey::id)
        .containsExactly(bobs.apiKey().id());
    assertThat(keys.countByTeam(alice, red.id())).isEqualTo(1);
    assertThat(keys.listByTeam(id.admin, red.id(), 10, 0)).hasSize(1);
    assertThatThrownBy(() -> keys.listByTeam(bob, red.id(), 10, 0))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> keys.countByTeam(dave, red.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> keys.listByTeam(id.admin, "team_missing", 10, 0))
        .isInstanceOf(NotFoundException.class);
    assertThat(keys.authenticate(bobs.secret())).isPresent();

    assertThat(keys.revoke(alice, bobs.apiKey().id()).isRevoked()).isTrue();

    assertThat(keys.authenticate(bobs.secret())).as("stopped at once").isEmpty();
    assertThatThrownBy(
            () ->
                keys.update(
                    bob, bobs.apiKey().id(), new KeyChanges("again", null, null, null, null)))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aKeyExpiresAtItsTimeAndAKeptPastExpiryDoesNotBlockOtherChanges() {
    IssuedKey issued = keys.issue(bob, null, "short", null, new KeyPolicy(null, TOMORROW, null));
    Caller caller = keys.authenticate(issued.secret()).orElseThrow();
    assertThat(keys.isExpired(caller)).isFalse();

    id.clock.advance(Duration.ofDays(1));

    assertThat(keys.isExpired(keys.authenticate(issued.secret()).orElseThrow())).isTrue();
    assertThat(
            keys.update(
                    bob, issued.apiKey().id(), new KeyChanges("renamed", null, null, null, null))
                .policy()
                .expiresAt())
        .isEqualTo(TOMORROW);
    ApiKey extended =
        keys.update(
            bob,
            issued.apiKey().id(),
            new KeyChanges(
                null, null, null, new Change<>(TOMORROW.plus(Duration.ofDays(1))), null));
    assertThat(keys.isExpired(keys.authenticate(issued.secret()).orElseThrow()))
        .as("new expiry at once")
        .isFalse();
    assertThat(extended.policy().expiresAt()).isEqualTo(TOMORROW.plus(Duration.ofDays(1)));
    assertThat(keys.isExpired(id.admin)).isFalse();
  }

  private static void assertNotFound(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(NotFoundException.class);
  }

  private static void assertField(ThrowingCallable call, String field) {
    assertFields(call, field);
  }

  private static void assertFields(ThrowingCallable call, String... fields) {
    assertThatThrownBy(call)
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).errors())
                    .extracting(FieldError::param)
                    .containsExactly(fields));
  }
}
