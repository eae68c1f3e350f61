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
import loom.support.ConflictException;
import loom.support.InvalidInputException;
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
    return issue(caller, userId, name, null, KeyPolicy.NONE);
  }

  /**
   * As {@link #issue(Caller, String, String)}, bound to {@code teamId} (null: no team), which must be a team the
   * key's owner is a member of, and with the policy (checked by {@link KeyPolicyRules}).
   */
  public IssuedKey issue(
      Caller caller, String userId, String name, String teamId, KeyPolicy policy) {
    String owner = ownerFor(caller, userId);
    String keyName = Inputs.name("name", name);
    KeyPolicy checked = KeyPolicyRules.checked(policy == null ? KeyPolicy.NONE : policy, now());
    String secret = material.newKey();
    ApiKey key =
        new ApiKey(
            material.newKeyId(),
            owner,
            keyName,
            KeyMaterial.displayPrefix(secret),
            now(),
            null,
            null,
            teamId,
            checked);
    store.write(
        handle -> {
          if (handle.attach(UserDao.class).findById(owner).isEmpty()) {
            throw new NotFoundException("user", owner);
          }
          if (teamId != null && !handle.attach(TeamDao.class).isMember(owner, teamId)) {
            throw notAMemberOf();
          }
          handle.attach(ApiKeyDao.class).insert(key, KeyMaterial.hash(secret));
          return null;
        });
    return new IssuedKey(key, secret);
  }

  /**
   * Changes a key's name, team and policy (see {@link KeyChanges}); allowed to its owner, an admin, and an admin of
   * the key's team, who may rebind it only to another team they administer. Works at once on this gateway, on
   * others within the key cache TTL. A key the caller may not manage is reported as not found.
   */
  public ApiKey update(Caller caller, String keyId, KeyChanges changes) {
    String newName = changes.name() == null ? null : Inputs.name("name", changes.name());
    // Only what changes is checked: an expiry kept as it was may lie in the past by now.
    KeyPolicy given =
        KeyPolicyRules.checked(
            new KeyPolicy(
                valueOf(changes.allowedModels()),
                valueOf(changes.expiresAt()),
                valueOf(changes.defaultTags())),
            now());
    ApiKey updated =
        store.write(
            handle -> {
              ApiKeyDao keys = handle.attach(ApiKeyDao.class);
              TeamDao teams = handle.attach(TeamDao.class);
              ApiKey key = requireManaged(keys, teams, caller, keyId);
              if (key.isRevoked()) {
                throw new ConflictException(
                    "API key '" + keyId + "' is revoked; a revoked key cannot be changed.");
              }
              KeyPolicy old = key.policy();
              KeyPolicy policy =
                  new KeyPolicy(
                      changes.allowedModels() == null ? old.allowedModels() : given.allowedModels(),
                      changes.expiresAt() == null ? old.expiresAt() : given.expiresAt(),
                      changes.defaultTags() == null ? old.defaultTags() : given.defaultTags());
              String teamId = KeyChanges.Change.apply(changes.teamId(), key.teamId());
              if (teamId != null && !teamId.equals(key.teamId())) {
                mayBind(teams, caller, key, teamId);
              }
              ApiKey changed =
                  new ApiKey(
                      key.id(),
                      key.userId(),
                      newName == null ? key.name() : newName,
                      key.prefix(),
                      key.createdAt(),
                      key.lastUsedAt(),
                      key.revokedAt(),
                      teamId,
                      policy);
              keys.update(changed);
              return keys.findById(keyId).orElseThrow();
            });
    cache.evictKey(keyId);
    return updated;
  }

  /** Keys, newest first: a user's own; an admin's choice of everyone's ({@code userId} null) or one user's. */
  public List<ApiKey> list(Caller caller, String userId, int limit, int offset) {
    Inputs.page(limit, offset);
    String owner = visibleOwner(caller, userId);
    return store.read(
        handle -> {
          ApiKeyDao keys = handle.attach(ApiKeyDao.class);
          return owner == null
              ? keys.listAll(limit, offset)
              : keys.listByUser(owner, limit, offset);
        });
  }

  /** How many keys {@link #list} would page through. */
  public long count(Caller caller, String userId) {
    String owner = visibleOwner(caller, userId);
    return store.read(
        handle -> {
          ApiKeyDao keys = handle.attach(ApiKeyDao.class);
          return owner == null ? keys.countAll() : keys.countByUser(owner);
        });
  }

  /** Keys bound to the team, newest first: for an admin or an admin of that team. */
  public List<ApiKey> listByTeam(Caller caller, String teamId, int limit, int offset) {
    Inputs.page(limit, offset);
    return store.read(
        handle -> {
          requireTeamAdmin(handle.attach(TeamDao.class), caller, teamId);
          return handle.attach(ApiKeyDao.class).listByTeam(teamId, limit, offset);
        });
  }

  /** How many keys {@link #listByTeam} would page through. */
  public long countByTeam(Caller caller, String teamId) {
    return store.read(
        handle -> {
          requireTeamAdmin(handle.attach(TeamDao.class), caller, teamId);
          return handle.attach(ApiKeyDao.class).countByTeam(teamId);
        });
  }

  /**
   * Revokes a key for good; revoking it again changes nothing. Allowed to its owner, an admin and an admin of its
   * team; to anyone else it is reported as not found, so its id is not confirmed to exist.
   */
  public ApiKey revoke(Caller caller, String keyId) {
    ApiKey revoked =
        store.write(
            handle -> {
              ApiKeyDao keys = handle.attach(ApiKeyDao.class);
              requireManaged(keys, handle.attach(TeamDao.class), caller, keyId);
              keys.revoke(keyId, now().toEpochMilli());
              return keys.findById(keyId).orElseThrow();
            });
    cache.evictKey(keyId);
    return revoked;
  }

  /** Whether the caller's key has expired by now (this gateway's clock); a caller without a key never does. */
  public boolean isExpired(Caller caller) {
    return caller.policy().isExpired(clock.instant());
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
    due.forEach(
        (keyId, at) -> {
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

  /** Forgets cached lookups of the keys bound to the team, after it was deleted (which unbound them). */
  void forgetTeam(String teamId) {
    cache.evictTeam(teamId);
  }

  /** A key by id, for features that act on it for whoever may (its budgets); never its secret. */
  public Optional<ApiKey> find(String keyId) {
    return store.read(handle -> handle.attach(ApiKeyDao.class).findById(keyId));
  }

  private Optional<Caller> lookUp(String keyHash) {
    byte[] presented = keyHash.getBytes(StandardCharsets.US_ASCII);
    return store
        .read(handle -> handle.attach(ApiKeyDao.class).findOwner(keyHash))
        .filter(
            owner ->
                MessageDigest.isEqual(
                    owner.keyHash().getBytes(StandardCharsets.US_ASCII), presented))
        .filter(owner -> !owner.isRevoked())
        .map(KeyOwner::caller);
  }

  /** The key if the caller may manage it (its owner, an admin, an admin of its team); else not found. */
  private static ApiKey requireManaged(ApiKeyDao keys, TeamDao teams, Caller caller, String keyId) {
    return keys.findById(keyId)
        .filter(
            key ->
                caller.isAdmin()
                    || key.userId().equals(caller.userId())
                    || (key.teamId() != null && teams.isAdmin(caller.userId(), key.teamId())))
        .orElseThrow(() -> new NotFoundException("API key", keyId));
  }

  /**
   * Checks that the key may be bound to another team: its owner must be a member of it, and a caller who is only an
   * admin of the key's current team (neither its owner nor an admin) must administer the new team too.
   */
  private static void mayBind(TeamDao teams, Caller caller, ApiKey key, String teamId) {
    if (!teams.isMember(key.userId(), teamId)) {
      throw notAMemberOf();
    }
    if (!caller.isAdmin()
        && !key.userId().equals(caller.userId())
        && !teams.isAdmin(caller.userId(), teamId)) {
      throw new AccessDeniedException(
          "A team admin may move a key only to another team they administer.");
    }
  }

  /** Outsiders learn nothing of the team (not found); its plain members are told they may not. */
  private static void requireTeamAdmin(TeamDao teams, Caller caller, String teamId) {
    if (caller.isAdmin() ? !teams.exists(teamId) : !teams.isMember(caller.userId(), teamId)) {
      throw new NotFoundException("team", teamId);
    }
    if (!caller.isAdmin() && !teams.isAdmin(caller.userId(), teamId)) {
      throw new AccessDeniedException("Only an admin of this team may see and manage its keys.");
    }
  }

  private static InvalidInputException notAMemberOf() {
    return InvalidInputException.of("team_id", "must be a team the key's owner is a member of");
  }

  private static <T> T valueOf(KeyChanges.Change<T> change) {
    return change == null ? null : change.value();
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
