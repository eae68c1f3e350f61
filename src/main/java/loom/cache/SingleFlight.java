package loom.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets concurrent identical misses make one upstream call: the first to join a key leads (goes upstream and
 * publishes the entry it stored, or nothing); the others wait for that, bounded, and then serve it or go
 * upstream themselves. Per gateway (JVM); thread-safe.
 */
final class SingleFlight {
  private final ConcurrentHashMap<String, CompletableFuture<Optional<CacheEntry>>> flights =
      new ConcurrentHashMap<>();

  /** Joins the flight for a key: as its leader when none is under way. */
  Ticket join(String key) {
    CompletableFuture<Optional<CacheEntry>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<CacheEntry>> running = flights.putIfAbsent(key, mine);
    return running == null ? new Ticket(key, mine, true) : new Ticket(key, running, false);
  }

  /** Flights under way. */
  int inFlight() {
    return flights.size();
  }

  /** One request's place in a flight. */
  final class Ticket {
    private final String key;
    private final CompletableFuture<Optional<CacheEntry>> result;
    private final boolean leader;

    private Ticket(String key, CompletableFuture<Optional<CacheEntry>> result, boolean leader) {
      this.key = key;
      this.result = result;
      this.leader = leader;
    }

    boolean leader() {
      return leader;
    }

    /** The leader is done: publishes what it stored (or nothing) and ends the flight. Only the leader's counts. */
    void land(Optional<CacheEntry> stored) {
      if (leader) {
        flights.remove(key, result);
        result.complete(stored);
      }
    }

    /** For the others: the leader's entry, or empty when it stored none or took longer than {@code timeout}. */
    Optional<CacheEntry> await(Duration timeout) {
      try {
        return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } catch (ExecutionException | TimeoutException e) {
        return Optional.empty();
      }
    }
  }
}
