package loom.api;

import static loom.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import loom.testing.ApiClient;
import loom.testing.GatewayClient;
import org.junit.jupiter.api.Test;

/** The API describes itself (OpenAPI) and the providers, without ever showing a provider's key. */
class ApiDocumentsIT {
  @Test
  void theOpenApiDocumentIsGeneratedFromTheResources() {
    JsonNode document = json(new ApiClient(GatewayClient.anonymous()).get("/openapi.json"), 200);

    assertThat(document.path("openapi").asText()).startsWith("3.");
    assertThat(document.path("paths").has("/users")).isTrue();
    assertThat(document.path("paths").has("/users/{id}")).isTrue();
    assertThat(document.path("paths").has("/keys")).isTrue();
    assertThat(document.path("paths").has("/me")).isTrue();
    assertThat(document.path("paths").has("/health")).isTrue();
    assertThat(document.path("paths").has("/cache/warm/{id}")).isTrue();
    assertThat(document.at("/components/securitySchemes/bearer/scheme").asText())
        .isEqualTo("bearer");
    assertThat(document.at("/components/schemas").toString()).contains("created_at");
  }

  @Test
  void providersAreListedWithoutTheirKeys() {
    HttpResponse<String> response = ApiClient.admin().get("/providers");
    JsonNode providers = json(response, 200).path("providers");

    assertThat(providers)
        .extracting(provider -> provider.path("id").asText())
        .contains("mock", "listed", "demo");
    assertThat(response.body())
        .doesNotContain("sk-upstream")
        .doesNotContain("api_key")
        .doesNotContain("X-Provider-Extra");
    for (JsonNode provider : providers) {
      if (provider.path("id").asText().equals("listed")) {
        assertThat(provider.path("models"))
            .extracting(JsonNode::asText)
            .containsExactly("listed-model");
        assertThat(provider.path("unpriced_models"))
            .extracting(JsonNode::asText)
            .containsExactly("listed-model");
      }
      if (provider.path("id").asText().equals("demo")) {
        assertThat(provider.path("prices"))
            .anySatisfy(
                price -> {
                  assertThat(price.path("model").asText()).isEqualTo("demo-chat");
                  assertThat(price.path("input").decimalValue()).isEqualByComparingTo("0.15");
                });
      }
      assertThat(provider.path("default").asBoolean())
          .isEqualTo(provider.path("id").asText().equals("mock"));
    }
  }
}
