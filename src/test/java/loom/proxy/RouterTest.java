package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import loom.config.ProviderConfig;
import loom.config.ProviderType;
import loom.config.Secret;
import loom.config.ServerConfig;
import loom.config.WireApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouterTest {
  private static final Router ROUTER =
      new Router(
          List.of(
              provider("openai", "gpt-4o", "gpt-4o-mini"),
              provider("groq", "llama-3.1-8b"),
              provider("local")),
          "local");

  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of("provider prefix wins", "local/gpt-4o", null, "local", "gpt-4o", null),
        Arguments.of("prefix beats the header", "openai/gpt-4o", "groq", "openai", "gpt-4o", null),
        Arguments.of(
            "header routes an unprefixed model", "whatever", "local", "local", "whatever", null),
        Arguments.of(
            "allow-list routes a listed model", "llama-3.1-8b", null, "groq", "llama-3.1-8b", null),
        Arguments.of(
            "default provider takes the rest", "mistral-7b", null, "local", "mistral-7b", null),
        Arguments.of(
            "a prefix that is no provider stays in the model",
            "meta-llama/Llama-3-8b",
            null,
            "local",
            "meta-llama/Llama-3-8b",
            null),
        Arguments.of(
            "model outside the prefixed provider's list",
            "openai/o3",
            null,
            null,
            null,
            "model_not_found"),
        Arguments.of("unknown provider header", "gpt-4o", "nope", null, null, "provider_not_found"),
        Arguments.of(
            "model outside the header provider's list",
            "mistral",
            "groq",
            null,
            null,
            "model_not_found"),
        Arguments.of(
            "prefix with no model", "openai/", null, null, null, "missing_required_parameter"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void routesAsDesignSection5Says(
      String description,
      String model,
      String header,
      String provider,
      String upstreamModel,
      String errorCode) {
    if (errorCode == null) {
      Route route = ROUTER.route(model, header);
      assertThat(route.provider().id()).isEqualTo(provider);
      assertThat(route.upstreamModel()).isEqualTo(upstreamModel);
    } else {
      assertThatThrownBy(() -> ROUTER.route(model, header))
          .isInstanceOfSatisfying(
              ProxyException.class, e -> assertThat(e.error().code()).isEqualTo(errorCode));
    }
  }

  static Stream<Arguments> defaultWithAllowList() {
    return Stream.of(Arguments.of("listed", true), Arguments.of("unlisted", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defaultWithAllowList")
  void theDefaultProviderStillHonoursItsAllowList(String model, boolean accepted) {
    Router router = new Router(List.of(provider("only", "listed")), "only");
    if (accepted) {
      assertThat(router.route(model, null).provider().id()).isEqualTo("only");
    } else {
      assertThatThrownBy(() -> router.route(model, null))
          .isInstanceOf(ProxyException.class)
          .hasMessageContaining("404 model_not_found");
    }
  }

  @Test
  void aCallOfAnApiTheDefaultProviderDoesNotServeGoesToTheFirstProviderThatServesIt() {
    Router router =
        new Router(
            List.of(
                provider("openai", ProviderType.OPENAI),
                provider("vllm", ProviderType.OPENAI),
                provider("claude", ProviderType.ANTHROPIC),
                provider("claude2", ProviderType.ANTHROPIC)),
            "openai");
    assertThat(router.route("claude-opus-5-5", null, WireApi.MESSAGES).provider().id())
        .isEqualTo("claude");
    assertThat(router.route("gpt-5", null, WireApi.RESPONSES).provider().id()).isEqualTo("openai");
    // What the request picks itself is never second-guessed: the proxy then refuses it as not
    // served.
    assertThat(router.route("claude-x", "vllm", WireApi.MESSAGES).provider().id())
        .isEqualTo("vllm");
    assertThat(router.route("openai/claude-x", null, WireApi.MESSAGES).provider().id())
        .isEqualTo("openai");
  }

  private static Provider provider(String id, ProviderType type) {
    return provider(id, type, new String[0]);
  }

  private static Provider provider(String id, String... models) {
    return provider(id, ProviderType.OPENAI, models);
  }

  private static Provider provider(String id, ProviderType type, String... models) {
    ProviderConfig config =
        new ProviderConfig(
            id,
            type,
            URI.create("http://127.0.0.1:1/v1"),
            new Secret(""),
            List.of(models),
            Map.of(),
            ServerConfig.DEFAULT_UPSTREAM_TIMEOUT,
            ServerConfig.DEFAULT_CONNECT_TIMEOUT,
            1,
            1,
            null,
            type.defaultApis());
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
