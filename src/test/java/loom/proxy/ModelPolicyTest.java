package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import loom.auth.KeyPolicy;
import loom.config.ProviderConfig;
import loom.config.ProviderType;
import loom.config.Secret;
import loom.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelPolicyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyPolicy MINI_ANYWHERE_AND_OPUS_ON_ANTHROPIC =
      policy("gpt-4o-mini", "anthropic/claude-opus-5-5", "meta-llama/Llama-3-8b");

  static Stream<Arguments> calls() {
    return Stream.of(
        Arguments.of("a bare name on any provider", "openai", "gpt-4o-mini", true),
        Arguments.of("a bare name on another provider", "azure", "gpt-4o-mini", true),
        Arguments.of("provider and model", "anthropic", "claude-opus-5-5", true),
        Arguments.of("the same model on another provider", "bedrock", "claude-opus-5-5", false),
        Arguments.of("a model name holding a slash", "together", "meta-llama/Llama-3-8b", true),
        Arguments.of("a model not listed", "openai", "gpt-4o", false),
        Arguments.of("a longer name is another model", "openai", "gpt-4o-mini-2024", false),
        Arguments.of("a provider prefix alone is no match", "anthropic", "claude", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void allowsWhatTheKeysListNames(
      String description, String provider, String model, boolean allowed) {
    assertThat(ModelPolicy.allows(MINI_ANYWHERE_AND_OPUS_ON_ANTHROPIC, provider, model))
        .isEqualTo(allowed);
  }

  @Test
  void aKeyWithoutAListMayCallAnyModel() {
    assertThat(ModelPolicy.allows(KeyPolicy.NONE, "openai", "o3")).isTrue();
  }

  @Test
  void aRefusalIsA403NamingTheModelAndWhatTheKeyMayUseInBothShapes() {
    Route route = new Route(provider("openai"), "gpt-4o");

    assertThatThrownBy(
            () ->
                ModelPolicy.require(
                    policy("gpt-4o-mini", "anthropic/claude-haiku-5-5"), route, "openai/gpt-4o"))
        .isInstanceOfSatisfying(
            ProxyException.class,
            refused -> {
              OpenAiError error = refused.error();
              JsonNode openAi = json(error.toJson()).path("error");
              assertThat(error.status()).isEqualTo(403);
              assertThat(openAi.path("message").asText())
                  .isEqualTo(
                      "This API key may not use model 'openai/gpt-4o'; it may use: gpt-4o-mini, "
                          + "anthropic/claude-haiku-5-5.");
              assertThat(openAi.path("type").asText()).isEqualTo("invalid_request_error");
              assertThat(openAi.path("param").asText()).isEqualTo("model");
              assertThat(openAi.path("code").asText()).isEqualTo("model_not_allowed");

              JsonNode anthropic = json(AnthropicErrors.toJson(error));
              assertThat(AnthropicErrors.status(error)).isEqualTo(403);
              assertThat(anthropic.path("type").asText()).isEqualTo("error");
              assertThat(anthropic.at("/error/type").asText()).isEqualTo("permission_error");
              assertThat(anthropic.at("/error/message").asText()).contains("'openai/gpt-4o'");
            });
  }

  @Test
  void anAllowedCallPasses() {
    ModelPolicy.require(
        MINI_ANYWHERE_AND_OPUS_ON_ANTHROPIC,
        new Route(provider("openai"), "gpt-4o-mini"),
        "gpt-4o-mini");
    ModelPolicy.require(KeyPolicy.NONE, new Route(provider("openai"), "o3"), "o3");
  }

  @Test
  void theModelListingShowsOnlyWhatTheKeyMayCall() throws Exception {
    ObjectNode listing =
        (ObjectNode)
            JSON.readTree(
                "{\"object\":\"list\",\"data\":["
                    + "{\"id\":\"openai/gpt-4o-mini\",\"object\":\"model\",\"created\":0,\"owned_by\":\"openai\"},"
                    + "{\"id\":\"openai/gpt-4o\",\"object\":\"model\",\"created\":0,\"owned_by\":\"openai\"},"
                    + "{\"id\":\"anthropic/claude-opus-5-5\",\"object\":\"model\",\"created\":0,\"owned_by\":\"anthropic\"},"
                    + "{\"id\":\"bedrock/claude-opus-5-5\",\"object\":\"model\",\"created\":0,\"owned_by\":\"bedrock\"},"
                    + "{\"id\":\"together/meta-llama/Llama-3-8b\",\"object\":\"model\",\"created\":0,\"owned_by\":\"together\"}]}");
    String before = listing.toString();

    ObjectNode filtered = ModelPolicy.filter(listing, MINI_ANYWHERE_AND_OPUS_ON_ANTHROPIC);

    assertThat(filtered.path("object").asText()).isEqualTo("list");
    assertThat(filtered.path("data").findValuesAsText("id"))
        .containsExactly(
            "openai/gpt-4o-mini", "anthropic/claude-opus-5-5", "together/meta-llama/Llama-3-8b");
    assertThat(listing.toString()).isEqualTo(before);
    assertThat(ModelPolicy.filter(listing, KeyPolicy.NONE)).isSameAs(listing);
  }

  private static KeyPolicy policy(String... allowed) {
    return new KeyPolicy(List.of(allowed), null, List.of());
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Provider provider(String id) {
    ProviderConfig config =
        new ProviderConfig(
            id,
            ProviderType.OPENAI,
            URI.create("http://127.0.0.1:1/v1"),
            new Secret(""),
            List.of(),
            Map.of(),
            ServerConfig.DEFAULT_UPSTREAM_TIMEOUT,
            ServerConfig.DEFAULT_CONNECT_TIMEOUT,
            1,
            1,
            null,
            ProviderType.OPENAI.defaultApis());
    return new Provider() {
      @Override
      public ProviderConfig config() {
        return config;
      }

      @Override
      public UpstreamResponse send(UpstreamRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<String> listModels() {
        return config.models();
      }

      @Override
      public void close() {}
    };
  }
}
