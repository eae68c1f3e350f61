package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import loom.store.Dialect;
import loom.support.AccessDeniedException;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class ApiKeyServiceTest {
  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Identity id;
  private ApiKeyService keys;

  @BeforeEach
  void openStore() {
    id = new Identity(stores.open(dialect));
    keys = id.keys;
  }

  @Test
  void anIssuedKeyIsALongLkSecretShownWithItsPrefix() {
    IssuedKey issued = keys.issue(id.admin, null, "ci");

    assertThat(issued.secret())
        .startsWith("lk-")
        .hasSizeGreaterThanOrEqualTo(46)
        .matches("lk-[A-Za-z0-9_-]+");
    assertThat(issued.apiKey().prefix()).isEqualTo(issued.secret().substring(0, 11));
    assertThat(issued.apiKey().id()).matches("key_[a-z2-7]{20}");
    assertThat(issued.apiKey().userId()).isEqualTo(id.admin.userId());
    assertThat(issued.apiKey().name()).isEqualTo("ci");
    assertThat(issued.apiKey().createdAt()).isEqualTo(Identity.START);
    assertThat(issued.apiKey().isRevoked()).isFalse();
    assertThat(issued.toString()).doesNotContain(issued.secret());
  }

  @Test
  void onlyTheSha256OfAKeyIsStored() {
    IssuedKey issued = keys.issue(id.admin, null, "stored");

    List<Map<String, Object>> rows =
        id.store.read(
            handle ->
                handle
                    .createQuery("SELECT * FROM api_keys WHERE id = :id")
                    .bind("id", issued.apiKey().id())
                    .mapToMap()
                    .list());

    assertThat(rows)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.values())
                  .allSatisfy(
                      value -> assertThat(String.valueOf(value)).doesNotContain(issued.secret()));
              assertThat(row.get("key_hash")).isEqualTo(KeyMaterial.hash(issued.secret()));
            });
    assertThat(KeyMaterial.hash(issued.secret())).matches("[0-9a-f]{64}");
  }

  @Test
  void anIssuedKeyAuthenticatesAsItsOwner() {
    Caller ivan = id.newCaller("ivan", Role.USER);

    IssuedKey issued = keys.issue(ivan, null, "laptop");

    assertThat(keys.authenticate(issued.secret()))
        .contains(new Caller(ivan.userId(), "ivan", Role.USER, issued.apiKey().id()));
  }

  @Test
  void unknownOrForeignKeysDoNotAuthenticate() {
    assertThat(keys.authenticate("lk-" + "x".repeat(43))).isEmpty();
    assertThat(keys.authenticate("sk-proj-not-a-loom-key")).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
  }

  @Test
  void aRevokedKeyStopsAtOnceOnTheRevokingGateway() {
    IssuedKey issued = keys.issue(id.admin, null, "doomed");
    assertThat(keys.authenticate(issued.secret())).isPresent();

    ApiKey revoked = keys.revoke(id.admin, issued.apiKey().id());

    assertThat(revoked.revokedAt()).isEqualTo(Identity.START);
    assertThat(keys.authenticate(issued.secret())).isEmpty();
  }

  @Test
  void aKeyRevokedOnAnotherGatewayStopsWithinTheCacheTtl() {
    IssuedKey issued = keys.issue(id.admin, null, "shared");
    assertThat(keys.authenticate(issued.secret())).isPresent();

    id.otherGateway().keys.revoke(id.admin, issued.apiKey().id());

    id.clock.advance(Identity.TTL.minusMillis(1));
    assertThat(keys.authenticate(issued.secret())).as("still cached").isPresent();
    id.clock.advance(Duration.ofMillis(1));
    assertThat(keys.authenticate(issued.secret())).as("asked the store again").isEmpty();
  }

  @Test
  void lookupsAreAnsweredFromTheCacheUntilTheTtlEnds() {
    IssuedKey issued = keys.issue(id.admin, null, "cached");
    String unknown = "lk-" + "u".repeat(43);
    assertThat(keys.authenticate(issued.secret())).isPresent();
    assertThat(keys.authenticate(unknown)).isEmpty();
    id.store.write(handle -> handle.createUpdate("DELETE FROM api_keys").execute());

    assertThat(keys.authenticate(issued.secret())).isPresent();
    id.clock.advance(Identity.TTL);
    assertThat(keys.authenticate(issued.secret())).isEmpty();
  }

  @Test
  void revokingTwiceKeepsTheFirstRevocationTime() {
    IssuedKey issued = keys.issue(id.admin, null, "twice");
    keys.revoke(id.admin, issued.apiKey().id());
    id.clock.advance(Duration.ofMinutes(5));

    ApiKey again = keys.revoke(id.admin, issued.apiKey().id());

    assertThat(again.revokedAt()).isEqualTo(Identity.START);
  }

  @Test
  void aUserCannotRevokeAnotherUsersKey() {
    Caller judy = id.newCaller("judy", Role.USER);
    IssuedKey adminKey = keys.issue(id.admin, null, "admin's");

    assertThatThrownBy(() -> keys.revoke(judy, adminKey.apiKey().id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("No API key with id '" + adminKey.apiKey().id() + "'.");
    assertThatThrownBy(() -> keys.revoke(judy, "key_does_not_exist"))
        .isInstanceOf(NotFoundException.class);
    assertThat(keys.authenticate(adminKey.secret())).isPresent();
  }

  @Test
  void aUserRevokesTheirOwnKey() {
    Caller kim = id.newCaller("kim", Role.USER);
    IssuedKey own = keys.issue(kim, null, "spare");

    assertThat(keys.revoke(kim, own.apiKey().id()).isRevoked()).isTrue();
  }

  @Test
  void aUserSeesOnlyTheirOwnKeys() {
    Caller leo = id.newCaller("leo", Role.USER);
    keys.issue(leo, null, "second");

    assertThat(keys.list(leo, null, 10, 0))
        .extracting(ApiKey::userId)
        .containsOnly(leo.userId())
        .hasSize(2);
    assertThat(keys.list(leo, leo.userId(), 10, 0)).hasSize(2);
    assertThat(keys.count(leo, null)).isEqualTo(2);
    assertThatThrownBy(() -> keys.list(leo, id.admin.userId(), 10, 0))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> keys.count(leo, id.admin.userId()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void anAdminListsEveryKeyAndMayFilterByUser() {
    Caller mia = id.newCaller("mia", Role.USER);
    id.clock.advance(Duration.ofSeconds(1));
    IssuedKey newest = keys.issue(id.admin, mia.userId(), "issued by admin");

    assertThat(keys.list(id.admin, null, 10, 0)).hasSize(3).first().isEqualTo(newest.apiKey());
    assertThat(keys.count(id.admin, null)).isEqualTo(3);
    assertThat(keys.list(id.admin, mia.userId(), 10, 0))
        .extracting(ApiKey::name)
        .containsExactly("issued by admin", "key of mia");
    assertThat(keys.count(id.admin, mia.userId())).isEqualTo(2);
    assertThat(keys.list(id.admin, null, 1, 1)).hasSize(1);
  }

  @Test
  void onlyAnAdminIssuesKeysForOthers() {
    Caller nina = id.newCaller("nina", Role.USER);

    assertThatThrownBy(() -> keys.issue(nina, id.admin.userId(), "sneaky"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> keys.issue(id.admin, "usr_nobody", "orphan"))
        .isInstanceOf(NotFoundException.class);
    assertThat(keys.issue(nina, nina.userId(), "own").apiKey().userId()).isEqualTo(nina.userId());
  }

  @Test
  void lastUsedTimesAreWrittenByFlushUsage() {
    keys.flushUsage(); // the admin's key, used while setting up
    IssuedKey issued = keys.issue(id.admin, null, "busy");
    String keyId = issued.apiKey().id();
    id.clock.advance(Duration.ofMinutes(1));
    keys.authenticate(issued.secret());
    assertThat(lastUsedAt(keyId)).as("not written on the request path").isNull();

    assertThat(keys.flushUsage()).isEqualTo(1);
    assertThat(lastUsedAt(keyId)).isEqualTo(Identity.START.plus(Duration.ofMinutes(1)));

    id.clock.advance(Duration.ofMinutes(1));
    keys.authenticate(issued.secret());
    id.clock.advance(Duration.ofMinutes(1));
    keys.authenticate(issued.secret());
    assertThat(keys.flushUsage()).isEqualTo(1);
    assertThat(lastUsedAt(keyId)).isEqualTo(Identity.START.plus(Duration.ofMinutes(3)));
    assertThat(keys.flushUsage()).isZero();
  }

  @Test
  void invalidKeyNamesAreRejected() {
    assertThatThrownBy(() -> keys.issue(id.admin, null, " "))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> keys.issue(id.admin, null, "k".repeat(65)))
        .isInstanceOf(InvalidInputException.class);
  }

  private Instant lastUsedAt(String keyId) {
    return keys.list(id.admin, null, 100, 0).stream()
        .filter(key -> key.id().equals(keyId))
        .findFirst()
        .orElseThrow()
        .lastUsedAt();
  }
}
