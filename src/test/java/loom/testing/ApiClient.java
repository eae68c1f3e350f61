package loom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.UUID;

/** {@code /api/v1} calls for integration tests: JSON in and out, and users and keys made to order. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GatewayClient http;

  public ApiClient(GatewayClient http) {
    this.http = http;
  }

  public static ApiClient admin() {
    return new ApiClient(new GatewayClient());
  }

  public static ApiClient withKey(String key) {
    return new ApiClient(new GatewayClient(key));
  }

  public HttpResponse<String> get(String path) {
    return http.get("/api/v1" + path);
  }

  public HttpResponse<String> post(String path, String json) {
    return http.postJson("/api/v1" + path, json);
  }

  public HttpResponse<String> put(String path, String json) {
    return http.putJson("/api/v1" + path, json);
  }

  public HttpResponse<String> patch(String path, String json) {
    return http.patchJson("/api/v1" + path, json);
  }

  public HttpResponse<String> delete(String path) {
    return http.delete("/api/v1" + path);
  }

  /** Creates a user with a unique name and a key for them; returns {id, name, key, key_id}. */
  public JsonNode newUserWithKey(String namePrefix, String role) {
    String name = namePrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode user =
        json(post("/users", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}"), 201);
    JsonNode key =
        json(
            post(
                "/keys",
                "{\"name\":\"" + name + "-key\",\"user_id\":\"" + user.path("id").asText() + "\"}"),
            201);
    return JSON.createObjectNode()
        .put("id", user.path("id").asText())
        .put("name", name)
        .put("key", key.path("key").asText())
        .put("key_id", key.path("id").asText());
  }

  /** The body as JSON, after checking the status. */
  public static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    try {
      return JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** Checks a problem+json answer and returns it. */
  public static JsonNode problem(HttpResponse<String> response, int status) {
    assertThat(response.headers().firstValue("Content-Type"))
        .as(response.body())
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(response, status);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("type").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return problem;
  }
}
