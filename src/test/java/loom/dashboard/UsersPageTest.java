package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import loom.auth.ApiKey;
import loom.auth.Caller;
import loom.auth.Role;
import loom.auth.User;
import org.junit.jupiter.api.Test;

class UsersPageTest {
  private static final Caller ADMIN = new Caller("usr_admin", "admin", Role.ADMIN, null);
  private static final Caller USER = new Caller("usr_bob", "bob", Role.USER, null);

  @Test
  void aUserWhoIsNotAnAdminAlwaysActsOnTheirOwnKeysWhateverWasPosted() {
    assertThat(UsersPage.ownerParameter(USER, "usr_admin", true)).isEqualTo("usr_bob");
    assertThat(UsersPage.ownerParameter(USER, UsersPage.EVERYONE, true)).isEqualTo("usr_bob");
    assertThat(UsersPage.ownerParameter(USER, null, false)).isEqualTo("usr_bob");
  }

  @Test
  void anAdminChoosesTheirOwnEveryonesOrOneUsersKeys() {
    assertThat(UsersPage.ownerParameter(ADMIN, UsersPage.MINE, true)).isEqualTo("usr_admin");
    assertThat(UsersPage.ownerParameter(ADMIN, UsersPage.EVERYONE, true)).isNull();
    assertThat(UsersPage.ownerParameter(ADMIN, "usr_bob", true)).isEqualTo("usr_bob");
    // A key is always issued for one user: "everyone" means the admin there.
    assertThat(UsersPage.ownerParameter(ADMIN, UsersPage.EVERYONE, false)).isEqualTo("usr_admin");
  }

  @Test
  void aKeyRowShowsItsPrefixAndStatusNeverMore() {
    ApiKey key =
        new ApiKey(
            "key_1",
            "usr_bob",
            "laptop",
            "lk-AbCdEfGh",
            Instant.parse("2026-11-25T10:00:00Z"),
            null,
            null);
    KeyRow row = KeyRow.of(key, "bob");
    assertThat(row)
        .isEqualTo(
            new KeyRow(
                "key_1",
                "laptop",
                "bob",
                "lk-AbCdEfGh…",
                "Nov 25, 2026 10:00 UTC",
                "never",
                false,
                "active"));

    ApiKey revoked =
        new ApiKey(
            "key_2",
            "usr_bob",
            "old",
            "lk-12345678",
            Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-20T08:30:00Z"),
            Instant.parse("2026-11-24T09:15:00Z"));
    assertThat(KeyRow.of(revoked, "bob").status()).isEqualTo("revoked Nov 24, 2026 09:15 UTC");
    assertThat(KeyRow.of(revoked, "bob").lastUsed()).isEqualTo("Nov 20, 2026 08:30 UTC");
  }

  @Test
  void aUserRowOffersTheOtherRoleAndKnowsTheLoggedInAdmin() {
    Instant at = Instant.parse("2026-11-25T10:00:00Z");
    UserRow self = UserRow.of(new User("usr_admin", "admin", Role.ADMIN, at, at), "usr_admin");
    UserRow bob = UserRow.of(new User("usr_bob", "bob", Role.USER, at, at), "usr_admin");

    assertThat(self.self()).isTrue();
    assertThat(self.otherRole()).isEqualTo("user");
    assertThat(bob.self()).isFalse();
    assertThat(bob.otherRole()).isEqualTo("admin");
  }
}
