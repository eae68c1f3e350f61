package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
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

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class UserServiceTest {
  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Identity id;
  private UserService users;

  @BeforeEach
  void openStore() {
    id = new Identity(stores.open(dialect));
    users = id.users;
  }

  @Test
  void createdUserIsFoundAndListed() {
    id.clock.advance(Duration.ofMinutes(1));

    User alice = users.create(id.admin, "  alice ", Role.USER, null);

    assertThat(alice.id()).matches("usr_[a-z2-7]{20}");
    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.role()).isEqualTo(Role.USER);
    assertThat(alice.createdAt()).isEqualTo(Identity.START.plus(Duration.ofMinutes(1)));
    assertThat(users.find(id.admin, alice.id())).contains(alice);
    assertThat(users.list(id.admin, 10, 0))
        .extracting(User::name)
        .containsExactly("admin", "alice");
    assertThat(users.list(id.admin, 1, 1)).containsExactly(alice);
    assertThat(users.count(id.admin)).isEqualTo(2);
  }

  @Test
  void unknownUserIsNotFound() {
    assertThat(users.find(id.admin, "usr_nobody")).isEmpty();
    assertThatThrownBy(() -> users.update(id.admin, "usr_nobody", "x", null, null))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> users.delete(id.admin, "usr_nobody"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void updateChangesOnlyWhatIsGiven() {
    User bob = users.create(id.admin, "bob", Role.USER, "first-password".toCharArray());
    id.clock.advance(Duration.ofHours(1));

    User renamed = users.update(id.admin, bob.id(), "robert", null, null);
    User promoted =
        users.update(id.admin, bob.id(), null, Role.ADMIN, "second-password".toCharArray());

    assertThat(renamed.name()).isEqualTo("robert");
    assertThat(renamed.role()).isEqualTo(Role.USER);
    assertThat(renamed.createdAt()).isEqualTo(bob.createdAt());
    assertThat(renamed.updatedAt()).isEqualTo(bob.updatedAt().plus(Duration.ofHours(1)));
    assertThat(promoted.name()).isEqualTo("robert");
    assertThat(promoted.role()).isEqualTo(Role.ADMIN);
    assertThat(users.verifyPassword("robert", "second-password".toCharArray())).contains(promoted);
    assertThat(users.verifyPassword("robert", "first-password".toCharArray())).isEmpty();
  }

  @Test
  void deletedUserIsGone() {
    User carol = users.create(id.admin, "carol", Role.USER, null);

    users.delete(id.admin, carol.id());

    assertThat(users.find(id.admin, carol.id())).isEmpty();
    assertThat(users.count(id.admin)).isEqualTo(1);
  }

  @Test
  void aDuplicateNameIsAConflict() {
    users.create(id.admin, "dave", Role.USER, null);

    assertThatThrownBy(() -> users.create(id.admin, "dave ", Role.ADMIN, null))
        .isInstanceOf(ConflictException.class)
        .hasMessage("A user named 'dave' exists already.");
  }

  @Test
  void renamingToATakenNameIsAConflict() {
    User erin = users.create(id.admin, "erin", Role.USER, null);

    assertThatThrownBy(() -> users.update(id.admin, erin.id(), "admin", null, null))
        .isInstanceOf(ConflictException.class)
        .hasMessage("A user named 'admin' exists already.");
    assertThat(users.update(id.admin, erin.id(), "erin", null, null).name()).isEqualTo("erin");
  }

  @Test
  void aNonAdminIsDeniedEveryUserMethod() {
    Caller frank = id.newCaller("frank", Role.USER);
    String own = frank.userId();

    List<Consumer<Caller>> calls =
        List.of(
            caller -> users.create(caller, "mallory", Role.ADMIN, null),
            caller -> users.list(caller, 10, 0),
            caller -> users.count(caller),
            caller -> users.find(caller, own),
            caller -> users.update(caller, own, null, Role.ADMIN, null),
            caller -> users.delete(caller, own));

    assertThat(calls)
        .allSatisfy(
            call ->
                assertThatThrownBy(() -> call.accept(frank))
                    .isInstanceOf(AccessDeniedException.class));
    assertThat(users.find(id.admin, own).orElseThrow().role()).isEqualTo(Role.USER);
  }

  @Test
  void theLastAdminCanBeNeitherDeletedNorDemoted() {
    assertThatThrownBy(() -> users.delete(id.admin, id.admin.userId()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("last admin cannot be deleted");
    assertThatThrownBy(() -> users.update(id.admin, id.admin.userId(), null, Role.USER, null))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("last admin cannot be demoted");

    assertThat(users.find(id.admin, id.admin.userId()).orElseThrow().role()).isEqualTo(Role.ADMIN);
  }

  @Test
  void anAdminMayGoWhileAnotherAdminRemains() {
    Caller second = id.newCaller("second-admin", Role.ADMIN);

    users.update(second, id.admin.userId(), null, Role.USER, null);
    users.delete(second, id.admin.userId());

    assertThat(users.list(second, 10, 0)).extracting(User::name).containsExactly("second-admin");
  }

  @Test
  void deletingAUserRemovesTheirKeysAndTheirKeyStopsAtOnce() {
    User grace = users.create(id.admin, "grace", Role.USER, null);
    IssuedKey key = id.keys.issue(id.admin, grace.id(), "laptop");
    assertThat(id.keys.authenticate(key.secret())).isPresent();

    users.delete(id.admin, grace.id());

    assertThat(id.keys.authenticate(key.secret())).isEmpty();
    assertThat(id.keys.count(id.admin, grace.id())).isZero();
  }

  @Test
  void demotingAUserTakesEffectOnTheirKeyAtOnce() {
    Caller heidi = id.newCaller("heidi", Role.ADMIN);
    String secret = id.keys.issue(heidi, null, "second key").secret();
    assertThat(id.keys.authenticate(secret).orElseThrow().isAdmin()).isTrue();

    users.update(id.admin, heidi.userId(), "heidi-user", Role.USER, null);

    Caller after = id.keys.authenticate(secret).orElseThrow();
    assertThat(after.isAdmin()).isFalse();
    assertThat(after.userName()).isEqualTo("heidi-user");
  }

  @Test
  void sqlLookingInputIsStoredAndReturnedVerbatim() {
    String name = "Robert'); DROP TABLE users;--";

    User robert = users.create(id.admin, name, Role.USER, "p'; DROP TABLE users;--".toCharArray());

    assertThat(robert.name()).isEqualTo(name);
    assertThat(users.find(id.admin, robert.id()).orElseThrow().name()).isEqualTo(name);
    assertThat(users.verifyPassword(name, "p'; DROP TABLE users;--".toCharArray()))
        .contains(robert);
    assertThat(users.count(id.admin)).isEqualTo(2);
  }

  @Test
  void invalidInputNamesTheField() {
    assertInvalid("name", () -> users.create(id.admin, "  ", Role.USER, null));
    assertInvalid("name", () -> users.create(id.admin, "x".repeat(65), Role.USER, null));
    assertInvalid("name", () -> users.create(id.admin, "line\nbreak", Role.USER, null));
    assertInvalid("role", () -> users.create(id.admin, "ivan", null, null));
    assertInvalid(
        "password", () -> users.create(id.admin, "ivan", Role.USER, "short".toCharArray()));
    assertInvalid("limit", () -> users.list(id.admin, 0, 0));
    assertInvalid("limit", () -> users.list(id.admin, 1001, 0));
    assertInvalid("offset", () -> users.list(id.admin, 10, -1));
    assertThat(users.create(id.admin, "x".repeat(64), Role.USER, "8 chars!".toCharArray()).name())
        .hasSize(64);
  }

  @Test
  void passwordsAreCheckedForLogin() {
    User judy = users.create(id.admin, "judy", Role.USER, "correct horse".toCharArray());
    users.create(id.admin, "keys-only", Role.USER, null);

    assertThat(users.verifyPassword("judy", "correct horse".toCharArray())).contains(judy);
    assertThat(users.verifyPassword("judy", "wrong horse".toCharArray())).isEmpty();
    assertThat(users.verifyPassword("nobody", "correct horse".toCharArray())).isEmpty();
    assertThat(users.verifyPassword("keys-only", "".toCharArray())).isEmpty();
    assertThat(users.verifyPassword("admin", Identity.ADMIN_PASSWORD.toCharArray())).isPresent();
  }

  @Test
  void aNameLogsInWithUnicodeSpacesAroundItAndIsStoredWithout() {
    User judy =
        users.create(id.admin, "\u00a0judy\u2003", Role.USER, "correct horse".toCharArray());

    assertThat(judy.name()).isEqualTo("judy");
    for (String typed : List.of("judy\u2003", "\u3000judy", "judy\u00a0", "\u200bjudy\u205f")) {
      assertThat(users.verifyPassword(typed, "correct horse".toCharArray()))
          .as(typed)
          .contains(judy);
      assertThat(Names.throttleKey(typed))
          .as("counted with judy's own tries")
          .isEqualTo(Names.throttleKey("judy"));
    }
  }

  private static void assertInvalid(String field, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.errors()).extracting(FieldError::param).containsExactly(field));
  }
}
