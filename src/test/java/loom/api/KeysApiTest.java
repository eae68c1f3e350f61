package loom.api;

import static loom.testing.ApiClient.json;
import static loom.testing.ApiClient.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import loom.testing.ApiClient;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/keys}: a user sees and manages only their own keys; an admin everyone's. */
@ExtendWith(InProcessGatewayExtension.class)
class KeysApiTest {
  private final ApiClient admin = ApiClient.admin();

  @Test
  void theSecretIsShownOnceAndNeverListed() {
    JsonNode alice = admin.newUserWithKey("alice", "user");
    ApiClient asAlice = ApiClient.withKey(alice.path("key").asText());

    JsonNode issued = json(asAlice.post("/keys", "{\"name\":\"laptop\"}"), 201);
    JsonNode listed = json(asAlice.get("/keys"), 200);

    assertThat(issued.path("key").asText()).startsWith("lk-").hasSizeGreaterThanOrEqualTo(46);
    assertThat(issued.path("user_id").asText()).isEqualTo(alice.path("id").asText());
    assertThat(listed.toString()).doesNotContain(issued.path("key").asText());
    JsonNode laptop = find(listed, issued.path("id").asText());
    assertThat(laptop.path("prefix").asText())
        .isEqualTo(
            issued.path("key").asText().substring(0, laptop.path("prefix").asText().length()));
    assertThat(laptop.path("revoked").asBoolean()).isFalse();
    assertThat(laptop.has("last_used_at")).isTrue();
  }

  @Test
  void aUserSeesOnlyTheirOwnKeysAndCannotTouchOthers() {
    JsonNode alice = admin.newUserWithKey("alice", "user");
    JsonNode bob = admin.newUserWithKey("bob", "user");
    ApiClient asAlice = ApiClient.withKey(alice.path("key").asText());

    List<String> owners = owners(json(asAlice.get("/keys"), 200));
    problem(asAlice.get("/keys?user_id=" + bob.path("id").asText()), 403);
    problem(asAlice.delete("/keys/" + bob.path("key_id").asText()), 404);
    problem(
        asAlice.post(
            "/keys", "{\"name\":\"for-bob\",\"user_id\":\"" + bob.path("id").asText() + "\"}"),
        403);

    assertThat(owners).isNotEmpty().containsOnly(alice.path("id").asText());
    assertThat(
            json(ApiClient.withKey(bob.path("key").asText()).get("/me"), 200).path("name").asText())
        .isEqualTo(bob.path("name").asText());
  }

  @Test
  void anAdminListsEveryonesKeysAndFiltersByUser() {
    JsonNode bob = admin.newUserWithKey("bob", "user");

    List<String> all = owners(json(admin.get("/keys?limit=1000"), 200));
    List<String> bobs = owners(json(admin.get("/keys?user_id=" + bob.path("id").asText()), 200));

    assertThat(all)
        .contains(bob.path("id").asText(), json(admin.get("/me"), 200).path("id").asText());
    assertThat(bobs).containsOnly(bob.path("id").asText()).hasSize(1);
  }

  @Test
  void aUserRevokesTheirOwnKey() {
    JsonNode alice = admin.newUserWithKey("alice", "user");
    ApiClient asAlice = ApiClient.withKey(alice.path("key").asText());
    JsonNode spare = json(asAlice.post("/keys", "{\"name\":\"spare\"}"), 201);

    assertThat(asAlice.delete("/keys/" + spare.path("id").asText()).statusCode()).isEqualTo(204);

    assertThat(
            find(json(asAlice.get("/keys"), 200), spare.path("id").asText())
                .path("revoked")
                .asBoolean())
        .isTrue();
    problem(ApiClient.withKey(spare.path("key").asText()).get("/me"), 401);
  }

  @Test
  void aKeyWithoutANameIs400() {
    assertThat(problem(admin.post("/keys", "{}"), 400).at("/errors/0/param").asText())
        .isEqualTo("name");
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode key : list.path("keys")) {
      if (key.path("id").asText().equals(id)) {
        return key;
      }
    }
    throw new AssertionError("key " + id + " not listed in " + list);
  }

  private static List<String> owners(JsonNode list) {
    List<String> owners = new ArrayList<>();
    list.path("keys").forEach(key -> owners.add(key.path("user_id").asText()));
    return owners;
  }
}
