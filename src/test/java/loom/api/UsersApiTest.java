package loom.api;

import static loom.testing.ApiClient.json;
import static loom.testing.ApiClient.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/users}: admins manage users; everything else about it is refused with problem JSON. */
@ExtendWith(InProcessGatewayExtension.class)
class UsersApiTest {
  private final ApiClient admin = ApiClient.admin();

  @Test
  void anAdminCreatesReadsUpdatesAndDeletesAUser() {
    String name = "carol-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> created =
        admin.post(
            "/users", "{\"name\":\"" + name + "\",\"role\":\"user\",\"password\":\"s3cret-pass\"}");
    JsonNode user = json(created, 201);
    String id = user.path("id").asText();

    assertThat(user.path("name").asText()).isEqualTo(name);
    assertThat(user.path("role").asText()).isEqualTo("user");
    assertThat(user.path("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(user.has("password")).isFalse();
    assertThat(user.has("password_hash")).isFalse();
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/api/v1/users/" + id));
    assertThat(json(admin.get("/users/" + id), 200).path("name").asText()).isEqualTo(name);
    assertThat(names(json(admin.get("/users?limit=1000"), 200))).contains(name, "admin");

    JsonNode updated = json(admin.patch("/users/" + id, "{\"role\":\"admin\"}"), 200);
    assertThat(updated.path("role").asText()).isEqualTo("admin");

    assertThat(admin.delete("/users/" + id).statusCode()).isEqualTo(204);
    problem(admin.get("/users/" + id), 404);
  }

  @Test
  void aDuplicateNameIs409() {
    String name = "dup-" + UUID.randomUUID().toString().substring(0, 8);
    json(admin.post("/users", "{\"name\":\"" + name + "\"}"), 201);

    problem(admin.post("/users", "{\"name\":\"" + name + "\"}"), 409);
  }

  @Test
  void aUserMayNotManageUsers() {
    JsonNode alice = admin.newUserWithKey("alice", "user");
    ApiClient asAlice = ApiClient.withKey(alice.path("key").asText());

    problem(asAlice.get("/users"), 403);
    problem(asAlice.post("/users", "{\"name\":\"mallory\",\"role\":\"admin\"}"), 403);
    problem(asAlice.patch("/users/" + alice.path("id").asText(), "{\"role\":\"admin\"}"), 403);
    problem(asAlice.delete("/users/" + alice.path("id").asText()), 403);
    assertThat(json(asAlice.get("/me"), 200).path("role").asText()).isEqualTo("user");
  }

  @Test
  void theLastAdminCanNeitherBeDeletedNorDemoted() {
    JsonNode admins = json(admin.get("/users?limit=1000"), 200);
    List<String> otherAdmins = new ArrayList<>();
    admins
        .path("users")
        .forEach(
            user -> {
              if (user.path("role").asText().equals("admin")
                  && !user.path("name").asText().equals("admin")) {
                otherAdmins.add(user.path("id").asText());
              }
            });
    otherAdmins.forEach(id -> admin.patch("/users/" + id, "{\"role\":\"user\"}"));
    String adminId = json(admin.get("/me"), 200).path("id").asText();

    problem(admin.delete("/users/" + adminId), 409);
    problem(admin.patch("/users/" + adminId, "{\"role\":\"user\"}"), 409);
  }

  @Test
  void sqlLookingInputIsStoredAndReturnedVerbatim() {
    String name = "Robert'); DROP TABLE users;-- " + UUID.randomUUID().toString().substring(0, 6);
    JsonNode user = json(admin.post("/users", "{\"name\":\"" + name + "\"}"), 201);

    assertThat(json(admin.get("/users/" + user.path("id").asText()), 200).path("name").asText())
        .isEqualTo(name);
    assertThat(json(admin.get("/users?limit=1000"), 200).path("total").asInt()).isPositive();
  }

  @Test
  void malformedJsonUnknownFieldsAndBadValuesAre400() {
    JsonNode malformed = problem(admin.post("/users", "{\"name\": "), 400);
    JsonNode unknown = problem(admin.post("/users", "{\"name\":\"x\",\"is_admin\":true}"), 400);
    JsonNode badRole = problem(admin.post("/users", "{\"name\":\"x\",\"role\":\"root\"}"), 400);
    JsonNode blank = problem(admin.post("/users", "{\"name\":\"  \"}"), 400);
    JsonNode noBody = problem(admin.post("/users", ""), 400);

    assertThat(malformed.path("type").asText()).endsWith("invalid-json");
    assertThat(unknown.at("/errors/0/param").asText()).isEqualTo("is_admin");
    assertThat(badRole.at("/errors/0/param").asText()).isEqualTo("role");
    assertThat(blank.at("/errors/0/param").asText()).isEqualTo("name");
    assertThat(noBody.at("/errors/0/param").asText()).isEqualTo("body");
  }

  @Test
  void badPagingIs400NamingEachParameter() {
    JsonNode problem = problem(admin.get("/users?limit=0&offset=-1"), 400);

    assertThat(problem.path("errors"))
        .extracting(error -> error.path("param").asText())
        .containsExactly("limit", "offset");
    problem(admin.get("/users?limit=abc"), 400);
    problem(admin.get("/users?limit=1001"), 400);
  }

  @Test
  void unknownPathsAndWrongMethodsAreProblems() {
    problem(admin.get("/nothing-here"), 404);
    HttpResponse<String> wrongMethod = admin.patch("/users", "{}");
    problem(wrongMethod, 405);
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("users").forEach(user -> names.add(user.path("name").asText()));
    return names;
  }
}
