package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyRequestReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ProxyRequestReader reader = new ProxyRequestReader(JSON, 1024);

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of(Endpoint.CHAT_COMPLETIONS, "{\"model\":", "invalid_json", null),
        Arguments.of(Endpoint.CHAT_COMPLETIONS, "", "invalid_json", null),
        Arguments.of(Endpoint.CHAT_COMPLETIONS, "[1,2]", "invalid_json", null),
        Arguments.of(
            Endpoint.CHAT_COMPLETIONS,
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "missing_required_parameter",
            "model"),
        Arguments.of(
            Endpoint.CHAT_COMPLETIONS,
            "{\"model\":\"  \",\"messages\":[]}",
            "missing_required_parameter",
            "model"),
        Arguments.of(
            Endpoint.CHAT_COMPLETIONS, "{\"model\":42,\"messages\":[]}", "invalid_type", "model"),
        Arguments.of(
            Endpoint.CHAT_COMPLETIONS,
            "{\"model\":\""
                + "m".repeat(ProxyRequestReader.MAX_MODEL_LENGTH + 1)
                + "\",\"messages\":[{}]}",
            "invalid_value",
            "model"),
        Arguments.of(
            Endpoint.CHAT_COMPLETIONS,
            "{\"model\":\"m\"}",
            "missing_required_parameter",
            "messages"),
        Arguments.of(
            Endpoint.CHAT_COMPLETIONS,
            "{\"model\":\"m\",\"messages\":[]}",
            "invalid_type",
            "messages"),
        Arguments.of(
            Endpoint.CHAT_COMPLETIONS,
            "{\"model\":\"m\",\"messages\":[{}],\"stream\":\"yes\"}",
            "invalid_type",
            "stream"),
        Arguments.of(
            Endpoint.COMPLETIONS, "{\"model\":\"m\"}", "missing_required_parameter", "prompt"),
        Arguments.of(
            Endpoint.EMBEDDINGS, "{\"model\":\"m\"}", "missing_required_parameter", "input"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badBodies")
  void rejectsBadBodiesWith400(Endpoint endpoint, String body, String code, String param) {
    assertThatThrownBy(() -> read(endpoint, body))
        .isInstanceOfSatisfying(
            ProxyException.class,
            e -> {
              assertThat(e.error().status()).isEqualTo(400);
              assertThat(e.error().code()).isEqualTo(code);
              assertThat(e.error().param()).isEqualTo(param);
            });
  }

  static Stream<Arguments> malformedBodiesWithSecrets() {
    return Stream.of(
        Arguments.of(
            "{\"aws\": AKIAIOSFODNN7LEAKEXAMPLE}", "AKIAIOSFODNN7LEAKEXAMPLE", "line 1, column"),
        Arguments.of(
            "{\"model\":\"m\",\n\"key\":\"sk-proj-secretsecretsecret", "sk-proj", "ends before"),
        Arguments.of(
            "{\"model\":\"m\", 'password': 'hunter2hunter2'}", "hunter2", "not valid JSON"),
        Arguments.of("{\"model\":\"m\",\"n\":tru3-secret}", "secret", "not valid JSON"),
        Arguments.of("{\"model\":\"m\",\"n\":" + "9".repeat(1001) + "}", "99999", "longer number"),
        Arguments.of("\u00ff\u00fesecret-utf16", "secret", "JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodiesWithSecrets")
  void aMalformedBodyIsDescribedWithoutQuotingIt(String body, String secret, String description) {
    assertThatThrownBy(() -> read(Endpoint.CHAT_COMPLETIONS, body))
        .isInstanceOfSatisfying(
            ProxyException.class,
            e -> {
              assertThat(e.error().status()).isEqualTo(400);
              assertThat(e.error().code()).isEqualTo("invalid_json");
              assertThat(e.error().message()).contains(description).doesNotContain(secret);
            });
  }

  @Test
  void aHundredThousandNestedArraysAre400NotAStackOverflow() {
    String body =
        "{\"model\":\"m\",\"messages\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    ProxyRequestReader unbounded = new ProxyRequestReader(JSON, 1024 * 1024);

    assertThatThrownBy(
            () -> unbounded.parse(Endpoint.CHAT_COMPLETIONS, body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ProxyException.class,
            e -> {
              assertThat(e.error().status()).isEqualTo(400);
              assertThat(e.error().code()).isEqualTo("invalid_json");
              assertThat(e.error().message()).contains("nested deeper");
            });
  }

  @Test
  void malformedUtf8Is400() {
    byte[] prefix =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
            .getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\"}]}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 2 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xC3; // a two-byte sequence's lead byte ...
    body[prefix.length + 1] = (byte) 0x28; // ... followed by '(' instead of a continuation byte
    System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

    assertThatThrownBy(() -> reader.parse(Endpoint.CHAT_COMPLETIONS, body))
        .isInstanceOfSatisfying(
            ProxyException.class,
            e -> {
              assertThat(e.error().status()).isEqualTo(400);
              assertThat(e.error().code()).isEqualTo("invalid_json");
              assertThat(e.error().message()).containsIgnoringCase("UTF-8");
            });
  }

  @Test
  void aBodyOfExactlyTheLimitIsReadAndOneByteMoreIs413() throws IOException {
    String head = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"";
    String tail = "\"}]}";
    String atLimit = head + "x".repeat(1024 - head.length() - tail.length()) + tail;

    assertThat(read(Endpoint.CHAT_COMPLETIONS, atLimit).model()).isEqualTo("m");
    assertThatThrownBy(() -> read(Endpoint.CHAT_COMPLETIONS, atLimit.replace("xx", "xxx")))
        .isInstanceOfSatisfying(
            ProxyException.class, e -> assertThat(e.error().status()).isEqualTo(413));
  }

  @Test
  void readsModelStreamAndTheClientsUsageWish() throws IOException {
    ProxyRequest request =
        read(
            Endpoint.CHAT_COMPLETIONS,
            "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}");

    assertThat(request.model()).isEqualTo("openai/gpt-4o");
    assertThat(request.stream()).isTrue();
    assertThat(request.clientWantsUsage()).isFalse();
  }

  @Test
  void upstreamBodyDropsThePrefixAndAsksForUsageOnStreams() throws IOException {
    ProxyRequest request =
        read(
            Endpoint.CHAT_COMPLETIONS,
            "{\"model\":\"openai/gpt-4o\",\"messages\":[],\"stream\":true,\"stream_options\":{\"x\":1},\"seed\":7}"
                .replace("[]", "[{\"role\":\"user\",\"content\":\"hi\"}]"));

    var upstream = JSON.readTree(request.upstreamBody("gpt-4o"));

    assertThat(upstream.path("model").asText()).isEqualTo("gpt-4o");
    assertThat(upstream.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(upstream.path("stream_options").path("x").asInt()).isEqualTo(1);
    assertThat(upstream.path("seed").asInt()).isEqualTo(7);
  }

  @Test
  void embeddingsNeverStream() throws IOException {
    ProxyRequest request =
        read(Endpoint.EMBEDDINGS, "{\"model\":\"e\",\"input\":\"x\",\"stream\":true}");

    assertThat(request.stream()).isFalse();
    assertThat(JSON.readTree(request.upstreamBody("e")).has("stream_options")).isFalse();
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRejectedWithoutReading() {
    InputStream untouchable =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("the body must not be read");
          }
        };

    assertThatThrownBy(() -> reader.read(Endpoint.CHAT_COMPLETIONS, 1025, untouchable))
        .isInstanceOfSatisfying(
            ProxyException.class, e -> assertThat(e.error().status()).isEqualTo(413));
  }

  @Test
  void anUndeclaredBodyIsReadOnlyUpToTheFirstByteOverTheLimit() {
    CountingEndlessStream endless = new CountingEndlessStream();

    assertThatThrownBy(() -> reader.read(Endpoint.CHAT_COMPLETIONS, -1, endless))
        .isInstanceOfSatisfying(
            ProxyException.class, e -> assertThat(e.error().code()).isEqualTo("request_too_large"));
    assertThat(endless.served).isLessThanOrEqualTo(1024 + 8192);
  }

  private ProxyRequest read(Endpoint endpoint, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return reader.read(endpoint, bytes.length, new ByteArrayInputStream(bytes));
  }

  /** An endless body of spaces that counts how much of it was read. */
  private static final class CountingEndlessStream extends InputStream {
    long served;

    @Override
    public int read() {
      served++;
      return ' ';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Arrays.fill(b, off, off + len, (byte) ' ');
      served += len;
      return len;
    }
  }
}
