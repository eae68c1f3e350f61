package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import loom.testing.TestClock;
import org.junit.jupiter.api.Test;

class KeyCacheTest {
  private final TestClock clock = new TestClock(Identity.START);
  private final AtomicInteger lookups = new AtomicInteger();
  private final Caller alice = new Caller("usr_alice", "alice", Role.USER, "key_alice");

  private final Function<String, Optional<Caller>> store =
      hash -> {
        lookups.incrementAndGet();
        return hash.equals("alice-hash") ? Optional.of(alice) : Optional.empty();
      };

  @Test
  void hitsAndMissesAreBothRememberedUntilTheTtlEnds() {
    KeyCache cache = new KeyCache(clock, Duration.ofSeconds(5), 100);

    assertThat(cache.get("alice-hash", store)).contains(alice);
    assertThat(cache.get("unknown-hash", store)).isEmpty();
    assertThat(cache.get("alice-hash", store)).contains(alice);
    assertThat(cache.get("unknown-hash", store)).isEmpty();
    assertThat(lookups).hasValue(2);

    clock.advance(Duration.ofSeconds(5));
    cache.get("alice-hash", store);
    assertThat(lookups).hasValue(3);
  }

  @Test
  void aZeroTtlAsksTheStoreEveryTime() {
    KeyCache cache = new KeyCache(clock, Duration.ZERO, 100);

    cache.get("alice-hash", store);
    cache.get("alice-hash", store);

    assertThat(lookups).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void evictingAKeyOrAUserForgetsTheirEntries() {
    KeyCache cache = new KeyCache(clock, Duration.ofSeconds(5), 100);
    cache.get("alice-hash", store);

    cache.evictKey("key_alice");
    cache.get("alice-hash", store);
    cache.evictUser("usr_alice");
    cache.get("alice-hash", store);

    assertThat(lookups).hasValue(3);
  }

  @Test
  void evictingATeamForgetsOnlyTheKeysBoundToIt() {
    Caller redKey = new Caller("usr_bob", "bob", Role.USER, "key_red", "team_red", KeyPolicy.NONE);
    KeyCache cache = new KeyCache(clock, Duration.ofSeconds(5), 100);
    Function<String, Optional<Caller>> both =
        hash -> {
          lookups.incrementAndGet();
          return Optional.of(hash.equals("red-hash") ? redKey : alice);
        };
    cache.get("red-hash", both);
    cache.get("alice-hash", both);

    cache.evictTeam("team_blue");
    cache.evictTeam("team_red");
    cache.get("red-hash", both);
    cache.get("alice-hash", both);

    assertThat(lookups).as("only the red key asked again").hasValue(3);
  }

  @Test
  void anEvictionDuringALookupWinsOverTheLookedUpAnswer() {
    KeyCache cache = new KeyCache(clock, Duration.ofSeconds(5), 100);

    // The store answers "alice" just before a revocation elsewhere in this gateway evicts her key.
    assertThat(
            cache.get(
                "alice-hash",
                hash -> {
                  Optional<Caller> answer = store.apply(hash);
                  cache.evictKey("key_alice");
                  return answer;
                }))
        .contains(alice);

    assertThat(cache.size()).isZero();
  }

  @Test
  void aFullCacheDropsExpiredThenOldestEntries() {
    KeyCache cache = new KeyCache(clock, Duration.ofSeconds(5), 100);
    for (int i = 0; i < 60; i++) {
      cache.get("old-" + i, store);
    }
    clock.advance(Duration.ofSeconds(3));
    for (int i = 0; i < 40; i++) {
      cache.get("newer-" + i, store);
    }
    clock.advance(Duration.ofSeconds(3));

    cache.get("newest", store);

    assertThat(cache.size()).isEqualTo(41);

    for (int i = 0; i < 500; i++) {
      cache.get("flood-" + i, store);
    }
    assertThat(cache.size()).isLessThanOrEqualTo(100);
  }

  @Test
  void whenTheStoreFailsTheLastAnswerIsKeptAndTheStoreAskedAgainASecondLater() {
    KeyCache cache = new KeyCache(clock, Duration.ofSeconds(5), 100);
    AtomicBoolean down = new AtomicBoolean();
    Function<String, Optional<Caller>> failing =
        hash -> {
          if (down.get()) {
            lookups.incrementAndGet();
            throw new IllegalStateException("Connection refused");
          }
          return store.apply(hash);
        };
    assertThat(cache.get("alice-hash", failing)).contains(alice);
    assertThat(cache.get("unknown-hash", failing)).isEmpty();
    down.set(true);
    clock.advance(Duration.ofSeconds(6));

    // Both the caller and the "no such key" answer outlive the outage.
    assertThat(cache.get("alice-hash", failing)).contains(alice);
    assertThat(cache.get("unknown-hash", failing)).isEmpty();
    assertThat(lookups).hasValue(4);
    clock.advance(KeyCache.RETRY_AFTER_FAILURE.minusMillis(1));
    assertThat(cache.get("alice-hash", failing)).contains(alice);
    assertThat(lookups).hasValue(4);
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.get("alice-hash", failing)).contains(alice);
    assertThat(lookups).hasValue(5);

    // Back up: the next lookup is the store's again, trusted for the whole TTL.
    down.set(false);
    clock.advance(KeyCache.RETRY_AFTER_FAILURE);
    assertThat(cache.get("alice-hash", failing)).contains(alice);
    assertThat(lookups).hasValue(6);
    clock.advance(Duration.ofSeconds(4));
    cache.get("alice-hash", failing);
    assertThat(lookups).hasValue(6);
  }

  @Test
  void withoutAnEarlierAnswerOrAfterARevocationTheStoresFailureIsThrown() {
    KeyCache cache = new KeyCache(clock, Duration.ofSeconds(5), 100);
    Function<String, Optional<Caller>> down =
        hash -> {
          throw new IllegalStateException("Connection refused");
        };
    assertThatThrownBy(() -> cache.get("alice-hash", down)).hasMessage("Connection refused");

    cache.get("alice-hash", store);
    cache.evictKey("key_alice");
    clock.advance(Duration.ofSeconds(6));
    assertThatThrownBy(() -> cache.get("alice-hash", down)).hasMessage("Connection refused");
  }

  @Test
  void whileOneRequestAsksTheStoreAgainTheOthersUseTheLastAnswer() {
    KeyCache cache = new KeyCache(clock, Duration.ofSeconds(5), 100);
    cache.get("alice-hash", store);
    clock.advance(Duration.ofSeconds(6));
    AtomicInteger askedDuring = new AtomicInteger();

    // The loader stands for a slow store: another request arrives while it is asked.
    assertThat(
            cache.get(
                "alice-hash",
                hash -> {
                  assertThat(
                          cache.get(
                              "alice-hash",
                              other -> {
                                askedDuring.incrementAndGet();
                                return Optional.empty();
                              }))
                      .contains(alice);
                  return store.apply(hash);
                }))
        .contains(alice);

    assertThat(askedDuring).hasValue(0);
    assertThat(lookups).hasValue(2);
  }
}
