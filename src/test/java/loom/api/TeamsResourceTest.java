package loom.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import loom.auth.ApiKeyService;
import loom.auth.AuthBootstrap;
import loom.auth.Caller;
import loom.auth.Role;
import loom.auth.TeamService;
import loom.auth.User;
import loom.auth.UserService;
import loom.config.AuthConfig;
import loom.config.Secret;
import loom.store.Store;
import loom.testing.TestClock;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /teams}, {@code /keys} (team and policy) and {@code /me} through Jersey itself, in memory (no container),
 * over the real auth services on a SQLite file: JSON shapes, statuses, problem JSON naming each field, and who may
 * do what. Alice administers red, bob is a member of red, dave is in no team.
 */
class TeamsResourceTest {
  private static final Instant NOW = Instant.parse("2026-01-21T12:00:00Z");
  private static final String ADMIN_KEY = "lk-admin-key-for-resource-tests-0123";

  @RegisterExtension final TestStores stores = new TestStores();
  private final TestClock clock = new TestClock(NOW);
  private ApiKeyService keys;
  private InMemoryApi api;
  private Caller admin;
  private Caller alice;
  private Caller bob;
  private Caller dave;
  private Caller caller;
  private String red;

  /** A response: status, content type and body as JSON. */
  @BeforeEach
  void start() throws Exception {
    Store store = stores.open(stores.sqlite());
    AuthConfig auth =
        new AuthConfig(new Secret(ADMIN_KEY), new Secret("admin-password"), Duration.ofSeconds(5));
    keys = new ApiKeyService(store, auth, clock);
    UserService users = new UserService(store, keys, clock);
    TeamService teams = new TeamService(store, keys, clock);
    new AuthBootstrap(store, auth, clock).run();
    admin = keys.authenticate(ADMIN_KEY).orElseThrow();
    alice = newCaller(users, "alice");
    bob = newCaller(users, "bob");
    dave = newCaller(users, "dave");
    api =
        new InMemoryApi(
            Map.of(ApiKeyService.class, keys, TeamService.class, teams),
            () -> caller,
            TeamsResource.class,
            KeysResource.class,
            MeResource.class);
    caller = admin;
    red = api.call("POST", "/teams", "{\"name\":\"red\"}").json().path("id").asText();
    api.call("PUT", "/teams/" + red + "/members/" + alice.userId(), "{\"role\":\"admin\"}");
    api.call("PUT", "/teams/" + red + "/members/" + bob.userId(), "{\"role\":\"member\"}");
  }

  private Caller newCaller(UserService users, String name) {
    User user = users.create(admin, name, Role.USER, null);
    return keys.authenticate(keys.issue(admin, user.id(), "key of " + name).secret()).orElseThrow();
  }

  @Test
  void anAdminManagesATeamAndItsMembers() throws Exception {
    InMemoryApi.Answer created = api.call("POST", "/teams", "{\"name\":\"blue\"}");
    String blue = created.json().path("id").asText();

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.location()).endsWith("/api/v1/teams/" + blue);
    assertThat(created.json().path("name").asText()).isEqualTo("blue");
    assertThat(created.json().path("created_at").asText()).isEqualTo("2026-01-21T12:00:00Z");
    assertThat(
            api.call("PATCH", "/teams/" + blue, "{\"name\":\"navy\"}").json().path("name").asText())
        .isEqualTo("navy");
    JsonNode list = api.call("GET", "/teams?limit=1", null).json();
    assertThat(list.path("total").asLong()).isEqualTo(2);
    assertThat(list.path("limit").asInt()).isEqualTo(1);
    assertThat(list.path("teams").findValuesAsText("name")).containsExactly("navy");
    InMemoryApi.Answer member =
        api.call("PUT", "/teams/" + blue + "/members/" + dave.userId(), "{\"role\":\"member\"}");
    assertThat(member.status()).isEqualTo(200);
    assertThat(member.json().path("user_name").asText()).isEqualTo("dave");
    assertThat(member.json().path("role").asText()).isEqualTo("member");
    JsonNode team = api.call("GET", "/teams/" + red, null).json();
    assertThat(team.path("members").findValuesAsText("user_name")).containsExactly("alice", "bob");
    assertThat(team.path("members").findValuesAsText("role")).containsExactly("admin", "member");
    assertThat(api.call("GET", "/teams/" + red + "/members", null).json().path("total").asLong())
        .isEqualTo(2);
    assertThat(api.call("DELETE", "/teams/" + blue + "/members/" + dave.userId(), null).status())
        .isEqualTo(204);
    assertThat(api.call("DELETE", "/teams/" + blue, null).status()).isEqualTo(204);
    InMemoryApi.assertProblem(api.call("GET", "/teams/" + blue, null), 404);
    InMemoryApi.assertProblem(api.call("POST", "/teams", "{\"name\":\"red\"}"), 409);
    InMemoryApi.assertProblem(api.call("POST", "/teams", "{\"name\":\" \"}"), 400, "name");
    InMemoryApi.assertProblem(
        api.call("PUT", "/teams/" + red + "/members/" + dave.userId(), "{\"role\":\"owner\"}"),
        400,
        "role");
    InMemoryApi.assertProblem(
        api.call("PUT", "/teams/" + red + "/members/usr_nobody", "{\"role\":\"member\"}"), 404);
  }

  @Test
  void membersSeeTheirTeamAndOutsidersGetNotFound() throws Exception {
    caller = bob;
    assertThat(api.call("GET", "/teams", null).json().path("teams").findValuesAsText("name"))
        .containsExactly("red");
    assertThat(api.call("GET", "/teams/" + red, null).status()).isEqualTo(200);
    InMemoryApi.assertProblem(
        api.call("PUT", "/teams/" + red + "/members/" + dave.userId(), "{\"role\":\"member\"}"),
        403);
    InMemoryApi.assertProblem(api.call("PATCH", "/teams/" + red, "{\"name\":\"mine\"}"), 403);
    InMemoryApi.assertProblem(api.call("GET", "/teams/" + red + "/keys", null), 403);

    caller = dave;
    InMemoryApi.assertProblem(api.call("GET", "/teams/" + red, null), 404);
    InMemoryApi.assertProblem(api.call("GET", "/teams/" + red + "/members", null), 404);
    InMemoryApi.assertProblem(api.call("GET", "/teams/" + red + "/keys", null), 404);
    InMemoryApi.assertProblem(api.call("DELETE", "/teams/" + red, null), 403);
    assertThat(api.call("GET", "/teams", null).json().path("total").asLong()).isZero();
  }

  @Test
  void meListsTheCallersTeamsWithTheirRole() throws Exception {
    caller = alice;
    JsonNode me = api.call("GET", "/me", null).json();

    assertThat(me.path("name").asText()).isEqualTo("alice");
    assertThat(me.path("teams")).hasSize(1);
    assertThat(me.at("/teams/0/id").asText()).isEqualTo(red);
    assertThat(me.at("/teams/0/name").asText()).isEqualTo("red");
    assertThat(me.at("/teams/0/role").asText()).isEqualTo("admin");
    caller = dave;
    assertThat(api.call("GET", "/me", null).json().path("teams").isArray()).isTrue();
  }

  @Test
  void aKeyIsCreatedWithTeamAndPolicyAndListedWithThem() throws Exception {
    caller = bob;
    clock.advance(Duration.ofSeconds(1));
    InMemoryApi.Answer created =
        api.call(
            "POST",
            "/keys",
            "{\"name\":\"ci\",\"team_id\":\""
                + red
                + "\",\"allowed_models\":"
                + "[\"openai/gpt-4o\",\"claude-sonnet-4\"],\"expires_at\":\"2026-02-01T00:00:00+01:00\","
                + "\"default_tags\":[\"env:prod\"]}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("key").asText()).startsWith("lk-");
    assertThat(created.json().path("team_id").asText()).isEqualTo(red);
    assertThat(created.json().path("expires_at").asText()).isEqualTo("2026-01-31T23:00:00Z");
    JsonNode listed = api.call("GET", "/keys", null).json().path("keys").get(0);
    assertThat(listed.path("id").asText()).isEqualTo(created.json().path("id").asText());
    assertThat(listed.path("team_id").asText()).isEqualTo(red);
    assertThat(listed.path("allowed_models").toString())
        .isEqualTo("[\"openai/gpt-4o\",\"claude-sonnet-4\"]");
    assertThat(listed.path("default_tags").toString()).isEqualTo("[\"env:prod\"]");
    assertThat(listed.has("key")).isFalse();
    caller = alice;
    JsonNode teamKeys = api.call("GET", "/teams/" + red + "/keys", null).json();
    assertThat(teamKeys.path("total").asLong()).isEqualTo(1);
    assertThat(teamKeys.path("keys").get(0).path("user_id").asText()).isEqualTo(bob.userId());
  }

  @Test
  void aBrokenKeyIsAProblemNamingEachField() throws Exception {
    caller = dave;
    InMemoryApi.assertProblem(
        api.call(
            "POST",
            "/keys",
            "{\"name\":\"x\",\"allowed_models\":[\"\"],\"expires_at\":"
                + "\"2020-01-01T00:00:00Z\",\"default_tags\":[\"no spaces allowed\"]}"),
        400,
        "allowed_models",
        "expires_at",
        "default_tags");
    InMemoryApi.assertProblem(
        api.call("POST", "/keys", "{\"name\":\"x\",\"team_id\":\"" + red + "\"}"), 400, "team_id");
    InMemoryApi.assertProblem(
        api.call("POST", "/keys", "{\"name\":\"x\",\"allowed_models\":[null]}"),
        400,
        "allowed_models");
    InMemoryApi.assertProblem(
        api.call("POST", "/keys", "{\"name\":\"x\",\"expires_at\":\"tomorrow\"}"),
        400,
        "expires_at");
    InMemoryApi.assertProblem(
        api.call("POST", "/keys", "{\"name\":\"x\",\"allowed_models\":\"gpt-4o\"}"),
        400,
        "allowed_models");
  }

  @Test
  void aPatchSetsWhatItGivesClearsNullsAndKeepsTheRest() throws Exception {
    caller = bob;
    String id =
        api.call(
                "POST",
                "/keys",
                "{\"name\":\"ci\",\"team_id\":\""
                    + red
                    + "\",\"allowed_models\":[\"gpt-4o\"],"
                    + "\"default_tags\":[\"env:prod\"]}")
            .json()
            .path("id")
            .asText();

    JsonNode patched =
        api.call(
                "PATCH",
                "/keys/" + id,
                "{\"name\":\"deploy\",\"allowed_models\":null,"
                    + "\"expires_at\":\"2026-03-01T00:00:00Z\"}")
            .json();

    assertThat(patched.path("name").asText()).isEqualTo("deploy");
    assertThat(patched.path("team_id").asText()).isEqualTo(red);
    assertThat(patched.path("allowed_models").isEmpty()).isTrue();
    assertThat(patched.path("expires_at").asText()).isEqualTo("2026-03-01T00:00:00Z");
    assertThat(patched.path("default_tags").toString()).isEqualTo("[\"env:prod\"]");
    caller = alice;
    JsonNode byTeamAdmin =
        api.call("PATCH", "/keys/" + id, "{\"team_id\":null,\"default_tags\":[]}").json();
    assertThat(byTeamAdmin.path("team_id").isNull()).isTrue();
    assertThat(byTeamAdmin.path("default_tags").isEmpty()).isTrue();
    InMemoryApi.assertProblem(api.call("PATCH", "/keys/" + id, "{\"name\":\"mine now\"}"), 404);
    caller = bob;
    InMemoryApi.assertProblem(
        api.call("PATCH", "/keys/" + id, "{\"name\":null,\"colour\":\"red\",\"expires_at\":5}"),
        400,
        "colour",
        "name",
        "expires_at");
    InMemoryApi.assertProblem(api.call("PATCH", "/keys/" + id, "[]"), 400, "body");
    assertThat(api.call("DELETE", "/keys/" + id, null).status()).isEqualTo(204);
    InMemoryApi.assertProblem(api.call("PATCH", "/keys/" + id, "{\"name\":\"late\"}"), 409);
  }
}
