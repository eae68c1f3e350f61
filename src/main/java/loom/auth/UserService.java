package loom.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.ConflictException;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;
import org.jdbi.v3.core.JdbiException;

/**
 * Manages users, for admins only, and checks dashboard passwords. It keeps at least one admin: the last
 * one can be neither deleted nor demoted. Deleting a user deletes their keys, which stop working at
 * once on this gateway. Thread-safe.
 */
public final class UserService {
  private final Store store;
  private final ApiKeyService keys;
  private final Clock clock;
  private final Passwords passwords;
  private final KeyMaterial material;
  private volatile String decoyHash;

  public UserService(Store store, ApiKeyService keys, Clock clock) {
    this(store, keys, clock, new Passwords(), new KeyMaterial());
  }

  UserService(
      Store store, ApiKeyService keys, Clock clock, Passwords passwords, KeyMaterial material) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
    this.passwords = passwords;
    this.material = material;
  }

  /** Creates a user; {@code password} (at least 8 characters) only for users who log in to the dashboard. */
  public User create(Caller caller, String name, Role role, char[] password) {
    requireAdmin(caller);
    String userName = Inputs.name("name", name);
    Role userRole = requireRole(role);
    String passwordHash = password == null ? null : hashChecked(password);
    Instant now = now();
    User user = new User(material.newUserId(), userName, userRole, now, now);
    return nameMustBeFree(
        userName,
        user.id(),
        () ->
            store.write(
                handle -> {
                  UserDao users = handle.attach(UserDao.class);
                  if (users.findByName(userName).isPresent()) {
                    throw nameTaken(userName);
                  }
                  users.insert(user, passwordHash);
                  return user;
                }));
  }

  /** Users in name order. */
  public List<User> list(Caller caller, int limit, int offset) {
    requireAdmin(caller);
    Inputs.page(limit, offset);
    return store.read(handle -> handle.attach(UserDao.class).list(limit, offset));
  }

  public long count(Caller caller) {
    requireAdmin(caller);
    return store.read(handle -> handle.attach(UserDao.class).count());
  }

  public Optional<User> find(Caller caller, String id) {
    requireAdmin(caller);
    return store.read(handle -> handle.attach(UserDao.class).findById(id));
  }

  /** The user with this name, for what the gateway does as a user named in its configuration (cache warming jobs). */
  public Optional<User> findByName(String name) {
    return store.read(handle -> handle.attach(UserDao.class).findByName(Names.canonical(name)));
  }

  /** A user's name, for messages about them that the gateway itself writes (alerts); no caller involved. */
  public Optional<String> nameOf(String id) {
    return store.read(handle -> handle.attach(UserDao.class).findById(id)).map(User::name);
  }

  /**
   * The user as stored now, for the dashboard to check on every page that a logged-in user still exists and
   * still has the role their session was opened with; no caller involved (the session is the caller).
   */
  public Optional<User> current(String id) {
    return store.read(handle -> handle.attach(UserDao.class).findById(id));
  }

  /** Changes what is given (a {@code null} argument keeps that value); keys pick up a new role at once. */
  public User update(Caller caller, String id, String name, Role role, char[] password) {
    requireAdmin(caller);
    String newName = name == null ? null : Inputs.name("name", name);
    String passwordHash = password == null ? null : hashChecked(password);
    User updated =
        nameMustBeFree(
            newName,
            id,
            () ->
                store.write(
                    handle -> {
                      UserDao users = handle.attach(UserDao.class);
                      User user =
                          users.findById(id).orElseThrow(() -> new NotFoundException("user", id));
                      String userName = newName == null ? user.name() : newName;
                      Role userRole = role == null ? user.role() : role;
                      if (user.isAdmin() && userRole != Role.ADMIN) {
                        keepAnAdmin(users, "demoted");
                      }
                      if (!userName.equals(user.name()) && users.findByName(userName).isPresent()) {
                        throw nameTaken(userName);
                      }
                      long at = now().toEpochMilli();
                      users.update(id, userName, userRole.id(), at);
                      if (passwordHash != null) {
                        users.updatePassword(id, passwordHash, at);
                      }
                      return users.findById(id).orElseThrow();
                    }));
    keys.forgetUser(id);
    return updated;
  }

  /** Deletes the user and their keys. */
  public void delete(Caller caller, String id) {
    requireAdmin(caller);
    store.write(
        handle -> {
          UserDao users = handle.attach(UserDao.class);
          User user = users.findById(id).orElseThrow(() -> new NotFoundException("user", id));
          if (user.isAdmin()) {
            keepAnAdmin(users, "deleted");
          }
          return users.delete(id);
        });
    keys.forgetUser(id);
  }

  /** The user, if the name and dashboard password match; takes as long for an unknown name as for a wrong password. */
  public Optional<User> verifyPassword(String name, char[] password) {
    if (name == null || password == null) {
      return Optional.empty();
    }
    Optional<User> user =
        store.read(handle -> handle.attach(UserDao.class).findByName(Names.canonical(name)));
    Optional<String> stored =
        user.flatMap(
            found ->
                store.read(handle -> handle.attach(UserDao.class).findPasswordHash(found.id())));
    boolean matches = passwords.verify(password, stored.orElseGet(this::decoyHash));
    return matches && stored.isPresent() ? user : Optional.empty();
  }

  private void keepAnAdmin(UserDao users, String what) {
    users.lockAdmins();
    if (users.countAdmins() <= 1) {
      throw new ConflictException(
          "The last admin cannot be " + what + "; make another user an admin first.");
    }
  }

  /**
   * Runs a write that gives user {@code id} the {@code name}: a unique-name race lost to another gateway
   * sharing the store is a conflict too, not a failure.
   */
  private <T> T nameMustBeFree(String name, String id, Supplier<T> write) {
    try {
      return write.get();
    } catch (JdbiException e) {
      if (name != null
          && store
              .read(handle -> handle.attach(UserDao.class).findByName(name))
              .filter(other -> !other.id().equals(id))
              .isPresent()) {
        throw nameTaken(name);
      }
      throw e;
    }
  }

  private String hashChecked(char[] password) {
    Inputs.password(password);
    return passwords.hash(password);
  }

  private String decoyHash() {
    String decoy = decoyHash;
    if (decoy == null) {
      decoy = passwords.hash(material.newPassword());
      decoyHash = decoy;
    }
    return decoy;
  }

  private static Role requireRole(Role role) {
    if (role == null) {
      throw InvalidInputException.of("role", "must be admin or user");
    }
    return role;
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.isAdmin()) {
      throw new AccessDeniedException("Only an admin may manage users.");
    }
  }

  private static ConflictException nameTaken(String name) {
    return new ConflictException("A user named '" + name + "' exists already.");
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
