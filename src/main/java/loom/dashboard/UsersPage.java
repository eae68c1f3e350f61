package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loom.auth.Caller;
import loom.auth.IssuedKey;
import loom.auth.Role;
import loom.auth.User;
import loom.support.GatewayException;

/**
 * {@code dashboard/users.xhtml}: admins manage users (create, change role, set a password, delete); everyone
 * manages their own API keys (admins anyone's): create one, whose secret is shown once, and revoke. Every action
 * is one call of {@code UserService} or {@code ApiKeyService} with the logged-in user as the caller, the calls
 * {@code /api/v1/users} and {@code /api/v1/keys} make, so the services' rules apply: a user who is not an admin
 * gets "Only an admin may…" whatever their post says, and never sees another user's keys.
 */
@Named
@ViewScoped
public class UsersPage implements Serializable {
  private static final long serialVersionUID = 1L;
  static final Map<String, String> NEW_USER_FIELDS =
      Map.of(
          "name",
          "newUser:name",
          "role",
          "newUser:role",
          "password",
          "newUser:password",
          FormMessages.CONFLICT,
          "newUser:name");
  static final Map<String, String> PASSWORD_FIELDS = Map.of("password", "passwordForm:password");
  static final Map<String, String> NEW_KEY_FIELDS = Map.of("name", "newKey:keyName");

  /** The admins' choice of keys: their own, or everyone's. */
  static final String MINE = "";

  static final String EVERYONE = "*";

  @Inject Services services;
  @Inject CurrentUser currentUser;

  private boolean admin;
  private PagedRows<UserRow> users;
  private PagedRows<KeyRow> keys;
  private List<Choice> owners = List.of();
  private List<Choice> keyListChoices = List.of();
  private String newName;
  private String newRole = Role.USER.id();
  private String newPassword;
  private String passwordUserId;
  private String passwordUserName;
  private String password;
  private String keysOf = MINE;
  private String keyName;
  private String keyOwner = MINE;

  /**
   * The secret of the key just created: shown in the dialog, then forgotten when it is closed (or the view is
   * left); never stored, and transient so it is never written out with the session.
   */
  private transient String secret;

  private String secretKeyName;

  @PostConstruct
  void load() {
    Caller caller = currentUser.caller();
    admin = caller.isAdmin();
    keys = new PagedRows<>(this::keyPage, this::keyCount, KeyRow::id);
    if (admin) {
      users =
          new PagedRows<>(
              this::userPage, () -> services.users().count(currentUser.caller()), UserRow::id);
      loadOwners(caller);
    }
  }

  private void loadOwners(Caller caller) {
    List<Choice> options = new ArrayList<>();
    options.add(new Choice(MINE, "Me (" + caller.userName() + ")"));
    for (User user : services.users().list(caller, 1000, 0)) {
      if (!user.id().equals(caller.userId())) {
        options.add(new Choice(user.id(), user.name()));
      }
    }
    owners = List.copyOf(options);
    options.add(1, new Choice(EVERYONE, "Everyone"));
    keyListChoices = List.copyOf(options);
  }

  // Users (admins)
  // -----------------------------------------------------------------------------------------

  private List<UserRow> userPage(int limit, int offset) {
    Caller caller = currentUser.caller();
    return services.users().list(caller, limit, offset).stream()
        .map(user -> UserRow.of(user, caller.userId()))
        .toList();
  }

  public void createUser() {
    char[] chosen = newPassword == null || newPassword.isEmpty() ? null : newPassword.toCharArray();
    newPassword = null;
    try {
      Caller caller = currentUser.caller();
      User user = services.users().create(caller, newName, Role.parse(newRole), chosen);
      FormMessages.info(
          "Created "
              + user.role().id()
              + " "
              + user.name()
              + (chosen == null
                  ? " (without a dashboard password: they use API keys only)."
                  : "."));
      newName = null;
      newRole = Role.USER.id();
      loadOwners(caller);
    } catch (GatewayException e) {
      FormMessages.show(e, NEW_USER_FIELDS);
    } finally {
      wipe(chosen);
    }
  }

  public void changeRole(String id, String role) {
    try {
      User user = services.users().update(currentUser.caller(), id, null, Role.parse(role), null);
      FormMessages.info(user.name() + " is now " + (user.isAdmin() ? "an admin." : "a user."));
    } catch (GatewayException e) {
      FormMessages.show(e, Map.of());
    }
  }

  /** Opens the password dialog for a user. */
  public void choosePasswordFor(String id, String name) {
    passwordUserId = id;
    passwordUserName = name;
    password = null;
  }

  public void setUserPassword() {
    char[] chosen = password == null ? new char[0] : password.toCharArray();
    password = null;
    try {
      User user = services.users().update(currentUser.caller(), passwordUserId, null, null, chosen);
      FormMessages.info("Set a new dashboard password for " + user.name() + ".");
    } catch (GatewayException e) {
      FormMessages.show(e, PASSWORD_FIELDS);
    } finally {
      wipe(chosen);
    }
  }

  public void deleteUser(String id, String name) {
    try {
      Caller caller = currentUser.caller();
      services.users().delete(caller, id);
      FormMessages.info("Deleted " + name + " and their keys.");
      loadOwners(caller);
    } catch (GatewayException e) {
      FormMessages.show(e, Map.of());
    }
  }

  // Keys (everyone)
  // ----------------------------------------------------------------------------------------

  private List<KeyRow> keyPage(int limit, int offset) {
    Caller caller = currentUser.caller();
    Map<String, String> names = new HashMap<>();
    names.put(caller.userId(), caller.userName());
    return services.keys().list(caller, keysOwnerParameter(caller), limit, offset).stream()
        .map(
            key ->
                KeyRow.of(
                    key,
                    names.computeIfAbsent(
                        key.userId(),
                        id -> services.users().nameOf(id).orElse("deleted user " + id))))
        .toList();
  }

  private long keyCount() {
    Caller caller = currentUser.caller();
    return services.keys().count(caller, keysOwnerParameter(caller));
  }

  /** The {@code user_id} of the key list: the caller's own for users; an admin's choice (null: everyone's). */
  String keysOwnerParameter(Caller caller) {
    return ownerParameter(caller, keysOf, true);
  }

  /**
   * The {@code user_id} the page passes to the key service: the caller's own id for a non-admin whatever was
   * posted (the service would refuse another one anyway), an admin's choice otherwise.
   */
  static String ownerParameter(Caller caller, String chosen, boolean everyoneAllowed) {
    if (!caller.isAdmin() || chosen == null || chosen.isEmpty()) {
      return caller.userId();
    }
    if (EVERYONE.equals(chosen)) {
      return everyoneAllowed ? null : caller.userId();
    }
    return chosen;
  }

  public void keysOfChanged() {
    PagedRows.showFirstPage("keysForm:keys");
  }

  public void createKey() {
    secret = null;
    try {
      Caller caller = currentUser.caller();
      IssuedKey issued =
          services.keys().issue(caller, ownerParameter(caller, keyOwner, false), keyName);
      secret = issued.secret();
      secretKeyName = issued.apiKey().name();
      keyName = null;
    } catch (GatewayException e) {
      FormMessages.show(e, NEW_KEY_FIELDS);
    }
  }

  /** The dialog with the secret was closed: the secret is gone for good. */
  public void forgetSecret() {
    secret = null;
    secretKeyName = null;
  }

  public void revokeKey(String id, String name) {
    try {
      services.keys().revoke(currentUser.caller(), id);
      FormMessages.info("Revoked the key " + name + ": it no longer works.");
    } catch (GatewayException e) {
      FormMessages.show(e, Map.of());
    }
  }

  private static void wipe(char[] secret) {
    if (secret != null) {
      Arrays.fill(secret, '\0');
    }
  }

  // View state
  // ---------------------------------------------------------------------------------------------

  public boolean isAdmin() {
    return admin;
  }

  public PagedRows<UserRow> getUsers() {
    return users;
  }

  public PagedRows<KeyRow> getKeys() {
    return keys;
  }

  public List<Choice> getOwners() {
    return owners;
  }

  public List<Choice> getKeyListChoices() {
    return keyListChoices;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public String getNewRole() {
    return newRole;
  }

  public void setNewRole(String newRole) {
    this.newRole = newRole;
  }

  /** Never given back to the page. */
  public String getNewPassword() {
    return null;
  }

  public void setNewPassword(String newPassword) {
    this.newPassword = newPassword;
  }

  public String getPasswordUserName() {
    return passwordUserName;
  }

  /** Never given back to the page. */
  public String getPassword() {
    return null;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getKeysOf() {
    return keysOf;
  }

  public void setKeysOf(String keysOf) {
    this.keysOf = keysOf;
  }

  public String getKeyName() {
    return keyName;
  }

  public void setKeyName(String keyName) {
    this.keyName = keyName;
  }

  public String getKeyOwner() {
    return keyOwner;
  }

  public void setKeyOwner(String keyOwner) {
    this.keyOwner = keyOwner;
  }

  public String getSecret() {
    return secret;
  }

  public String getSecretKeyName() {
    return secretKeyName;
  }
}
