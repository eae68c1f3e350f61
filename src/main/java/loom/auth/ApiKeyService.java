package loom.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import loom.config.AuthConfig;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.NotFoundException;

/**
 * Issues, lists and revokes API keys, and resolves a presented key to its {@link Caller}. A user acts on
 * their own keys, an admin on anyone's. Lookups are cached for {@code auth.key_cache_ttl} (a revocation
 * through this instance applies at once, one made elsewhere within that time), and last-used times are
 * kept in memory until {@link #flushUsage()}. Thread-safe.
 */
public final class ApiKeyService {
  private final Store store;
  private final Clock clock;
  private final KeyMaterial material;
  private final KeyCache cache;
  private final KeyUsage usage = new KeyUsage();

  public ApiKeyService(Store store, AuthConfig config, Clock clock) {
    this(store, clock, config.keyCacheTtl(), KeyCache.DEFAULT_MAX_ENTRIES, new KeyMaterial());
  }

  ApiKeyService(Store store, Clock clock, Duration cacheTtl, int cacheSize, KeyMaterial material) {
    this.store = store;
    this.clock = clock;
    this.material = material;
    this.cache = new KeyCache(clock, cacheTtl, cacheSize);
  }

  /**
   * Issues a key named {@code name} for {@code userId} (admins only; {@code null} means the caller).
   * The returned secret is never stored and cannot be shown again.
   */
  public IssuedKey issue(Caller caller, String userId, String name) {
    String owner = ownerFor(caller, userId);
    String keyName = Inputs.name("name", name);
    String secret = material.newKey();
    ApiKey key = new ApiKey(material.newKeyId(), owner, keyName, KeyMaterial.displayPrefix(secret), now(),
        null, null);
    store.write(handle -> {
      if (handle.attach(UserDao.class).findById(owner).isEmpty()) {
        throw new NotFoundException("user", owner);
      }
      handle.attach(ApiKeyDao.class).insert(key, KeyMaterial.hash(secret));
      return null;
    });
    return new IssuedKey(key, secret);
  }

  /** Keys, newest first: a user's own; an admin's choice of everyone's ({@code userId} null) or one user's. */
  public List<ApiKey> list(Caller caller, String userId, int limit, int offset) {
    Inputs.page(limit, offset);
    String owner = visibleOwner(caller, userId);
    return store.read(handle -> {
      ApiKeyDao keys = handle.attach(ApiKeyDao.class);
      return owner == null ? keys.listAll(limit, offset) : keys.listByUser(owner, limit, offset);
    });
  }

  /** How many keys {@link #list} would page through. */
  public long count(Caller caller, String userId) {
    String owner = visibleOwner(caller, userId);
    return store.read(handle -> {
      ApiKeyDao keys = handle.attach(ApiKeyDao.class);
      return owner == null ? keys.countAll() : keys.countByUser(owner);
    });
  }

  /**
   * Revokes a key for good; revoking it again changes nothing. Another user's key is reported as not
   * found, so its id is not confirmed to exist.
   */
  public ApiKey revoke(Caller caller, String keyId) {
    ApiKey revoked = store.write(handle -> {
      ApiKeyDao keys = handle.attach(ApiKeyDao.class);
      keys.findById(keyId)
          .filter(key -> caller.isAdmin() || key.userId().equals(caller.userId()))
          .orElseThrow(() -> new NotFoundException("API key", keyId));
      keys.revoke(keyId, now().toEpochMilli());
      return keys.findById(keyId).orElseThrow();
    });
    cache.evictKey(keyId);
    return revoked;
  }

  /** The caller a presented key belongs to; empty for an unknown or revoked key. Never logs the key. */
  public Optional<Caller> authenticate(String presentedKey) {
    if (presentedKey == null || !presentedKey.startsWith(KeyMaterial.KEY_PREFIX)) {
      // Not a Loom key at all: no need to ask the store or to fill the cache with it.
      return Optional.empty();
    }
    Optional<Caller> caller = cache.get(KeyMaterial.hash(presentedKey), this::lookUp);
    caller.ifPresent(found -> usage.record(found.keyId(), clock.instant()));
    return caller;
  }

  /** Writes the pending last-used times in one batch; returns how many keys it updated. */
  public int flushUsage() {
    Map<String, Instant> due = usage.pending();
    if (due.isEmpty()) {
      return 0;
    }
    List<String> ids = new ArrayList<>(due.size());
    List<Long> times = new ArrayList<>(due.size());
    due.forEach((keyId, at) -> {
      ids.add(keyId);
      times.add(at.toEpochMilli());
    });
    store.write(handle -> handle.attach(ApiKeyDao.class).recordUse(ids, times));
    usage.written(due);
    return due.size();
  }

  /** Forgets cached lookups of the user's keys, after the user was changed or deleted. */
  void forgetUser(String userId) {
    cache.evictUser(userId);
  }

  private Optional<Caller> lookUp(String keyHash) {
    byte[] presented = keyHash.getBytes(StandardCharsets.US_ASCII);
    return store.read(handle -> handle.attach(ApiKeyDao.class).findOwner(keyHash))
        .filter(owner -> MessageDigest.isEqual(owner.keyHash().getBytes(StandardCharsets.US_ASCII), presented))
        .filter(owner -> !owner.isRevoked())
        .map(KeyOwner::caller);
  }

  private static String ownerFor(Caller caller, String userId) {
    if (userId == null || userId.equals(caller.userId())) {
      return caller.userId();
    }
    if (!caller.isAdmin()) {
      throw new AccessDeniedException("Only an admin may issue keys for another user.");
    }
    return userId;
  }

  /** The user whose keys the caller may see here; null means everyone's (admins only). */
  private static String visibleOwner(Caller caller, String userId) {
    if (caller.isAdmin()) {
      return userId;
    }
    if (userId != null && !userId.equals(caller.userId())) {
      throw new AccessDeniedException("Only an admin may see another user's keys.");
    }
    return caller.userId();
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
