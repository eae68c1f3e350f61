package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CacheKeysTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper DECIMAL_JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final String CHAT =
      """
      {"model":"demo/x","messages":[{"role":"user","content":"Hi"}],"temperature":0}""";

  private final CacheKeys keys = new CacheKeys();

  @ParameterizedTest(name = "{0}")
  @MethodSource("sameAnswer")
  void bodiesThatAskTheSameGetTheSameKey(String description, String body, String sameAsked) {
    assertThat(keyOf(sameAsked)).isEqualTo(keyOf(body));
  }

  static Stream<Arguments> sameAnswer() {
    return Stream.of(
        Arguments.of(
            "key order",
            CHAT,
            """
            {"temperature":0,"messages":[{"content":"Hi","role":"user"}],"model":"demo/x"}"""),
        Arguments.of(
            "whitespace",
            CHAT,
            """
            {
              "model" : "demo/x",
              "messages" : [ { "role" : "user", "content" : "Hi" } ],
              "temperature" : 0
            }"""),
        Arguments.of("stream true", CHAT, with(CHAT, "\"stream\":true")),
        Arguments.of(
            "stream true or false", with(CHAT, "\"stream\":false"), with(CHAT, "\"stream\":true")),
        Arguments.of(
            "stream_options",
            with(CHAT, "\"stream\":true"),
            with(CHAT, "\"stream\":true,\"stream_options\":{\"include_usage\":true}")),
        Arguments.of("user", CHAT, with(CHAT, "\"user\":\"alice\"")),
        Arguments.of(
            "metadata",
            with(CHAT, "\"metadata\":{\"run\":\"1\"}"),
            with(CHAT, "\"metadata\":{\"run\":\"2\"}")),
        Arguments.of("model alias routed to the same model", CHAT, CHAT.replace("demo/x", "x")),
        Arguments.of(
            "temperature 0 or 0.0", CHAT, CHAT.replace("\"temperature\":0", "\"temperature\":0.0")),
        Arguments.of(
            "max_tokens 100 or 1e2",
            with(CHAT, "\"max_tokens\":100"),
            with(CHAT, "\"max_tokens\":1e2")),
        Arguments.of(
            "unicode escaped or not",
            CHAT.replace("Hi", "héllo"),
            CHAT.replace("Hi", "h\\u00e9llo")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentAnswer")
  void anyFieldThatCanChangeTheAnswerChangesTheKey(
      String description, String body, String otherAsked) {
    assertThat(keyOf(otherAsked)).isNotEqualTo(keyOf(body));
  }

  static Stream<Arguments> differentAnswer() {
    return Stream.of(
        Arguments.of("message content", CHAT, CHAT.replace("Hi", "Hello")),
        Arguments.of("message role", CHAT, CHAT.replace("user", "system")),
        Arguments.of(
            "message order",
            """
            {"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}""",
            """
            {"messages":[{"role":"user","content":"b"},{"role":"user","content":"a"}]}"""),
        Arguments.of(
            "temperature 0 or 0.1", CHAT, CHAT.replace("\"temperature\":0", "\"temperature\":0.1")),
        Arguments.of(
            "tools",
            CHAT,
            with(CHAT, "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]")),
        Arguments.of(
            "tool parameters",
            with(CHAT, "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]"),
            with(CHAT, "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"g\"}}]")),
        Arguments.of(
            "max_tokens", with(CHAT, "\"max_tokens\":100"), with(CHAT, "\"max_tokens\":101")),
        Arguments.of("seed", with(CHAT, "\"seed\":1"), with(CHAT, "\"seed\":2")),
        Arguments.of("seed given or not", CHAT, with(CHAT, "\"seed\":1")),
        Arguments.of("seed null or absent", CHAT, with(CHAT, "\"seed\":null")),
        Arguments.of(
            "logit_bias",
            with(CHAT, "\"logit_bias\":{\"50256\":-100}"),
            with(CHAT, "\"logit_bias\":{\"50256\":-99}")),
        Arguments.of(
            "response_format",
            with(CHAT, "\"response_format\":{\"type\":\"text\"}"),
            with(CHAT, "\"response_format\":{\"type\":\"json_object\"}")),
        Arguments.of("provider-specific parameter", CHAT, with(CHAT, "\"top_k\":40")),
        Arguments.of(
            "excluded names count below the top level",
            CHAT,
            CHAT.replace("\"content\":\"Hi\"", "\"content\":\"Hi\",\"metadata\":{\"a\":1}")),
        Arguments.of(
            "a number or its text", with(CHAT, "\"seed\":1"), with(CHAT, "\"seed\":\"1\"")),
        Arguments.of("true or 1", with(CHAT, "\"logprobs\":true"), with(CHAT, "\"logprobs\":1")));
  }

  @Test
  void theProviderAndTheUpstreamModelAreInTheKey() {
    ObjectNode body = object(CHAT);
    String key = keys.key("openai", "gpt-4o-mini", body, null, null).value();

    assertThat(keys.key("azure", "gpt-4o-mini", body, null, null).value()).isNotEqualTo(key);
    assertThat(keys.key("openai", "gpt-4o", body, null, null).value()).isNotEqualTo(key);
  }

  @Test
  void theKeyIsTheVersionProviderModelAndTheHashOfTheCanonicalBody() {
    CacheKey key = keys.key("openai", "gpt-4o-mini", object(CHAT), null, null);

    assertThat(key.canonical())
        .isEqualTo("{\"messages\":[{\"content\":\"Hi\",\"role\":\"user\"}],\"temperature\":0}");
    // SHA-256 of the canonical text above, worked out outside Java.
    assertThat(key.value())
        .isEqualTo(
            "v1:openai:gpt-4o-mini:b5742077637517c77b9b7bef2ab445dc9718df1f769bf028fa24924189f59235");
  }

  @Test
  void namespaceAndUserPartitionComeBetweenTheVersionAndTheProvider() {
    String hash = keys.key("openai", "gpt-4o-mini", object(CHAT), null, null).value().substring(22);
    String user = CacheKeys.userPartition("alice");

    assertThat(keys.key("openai", "gpt-4o-mini", object(CHAT), "team-a", user).value())
        .isEqualTo("v1:team-a:u-2bd806c97f0e00af:openai:gpt-4o-mini:" + hash);
    assertThat(keys.key("openai", "gpt-4o-mini", object(CHAT), "team-a", null).value())
        .isEqualTo("v1:team-a:openai:gpt-4o-mini:" + hash);
    assertThat(keys.key("openai", "gpt-4o-mini", object(CHAT), null, user).value())
        .isEqualTo("v1:u-2bd806c97f0e00af:openai:gpt-4o-mini:" + hash);
  }

  @Test
  void theUserPartitionHidesTheUserId() {
    assertThat(CacheKeys.userPartition("alice"))
        .isEqualTo("u-2bd806c97f0e00af")
        .doesNotContain("alice");
    assertThat(CacheKeys.userPartition("bob"))
        .matches("u-[0-9a-f]{16}")
        .isNotEqualTo(CacheKeys.userPartition("alice"));
  }

  @Test
  void aRawUserIdIsNotAcceptedAsAPartition() {
    assertThatThrownBy(
            () -> keys.key("openai", "gpt-4o-mini", object(CHAT), null, "alice@example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("alice");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "team-a",
        "Team_A.v2",
        "0123456789012345678901234567890123456789012345678901234567890123"
      })
  void namespacesOfSafeCharactersAreValid(String namespace) {
    assertThat(CacheKeys.isValidNamespace(namespace)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a:b",
        "a b",
        "a/b",
        "é",
        "*",
        "01234567890123456789012345678901234567890123456789012345678901234"
      })
  void namespacesThatCouldBreakTheKeyAreInvalid(String namespace) {
    assertThat(CacheKeys.isValidNamespace(namespace)).isFalse();
    assertThatThrownBy(() -> keys.key("openai", "gpt-4o-mini", object(CHAT), namespace, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[A-Za-z0-9._-]{1,64}");
  }

  @Test
  void aNestedBodyHasExactlyThisCanonicalForm() {
    String body =
        """
        {
          "stream": true, "user": "alice", "model": "demo/x",
          "tools": [{"type": "function", "function": {
            "parameters": {"type": "object", "b": null, "a": [3, 1.50, {"z": false, "y": "q\\"uote\\\\"}]},
            "name": "f"}}],
          "messages": [{"role": "user", "content": "line\\nbreak\\ttab"}],
          "temperature": 0.70,
          "Zeta": 1,
          "alpha": []
        }""";

    assertThat(CacheKeys.canonical(object(body)))
        .isEqualTo(
            "{\"Zeta\":1,\"alpha\":[],\"messages\":[{\"content\":\"line\\nbreak\\ttab\",\"role\":\"user\"}],"
                + "\"temperature\":0.7,\"tools\":[{\"function\":{\"name\":\"f\",\"parameters\":"
                + "{\"a\":[3,1.5,{\"y\":\"q\\\"uote\\\\\",\"z\":false}],\"b\":null,\"type\":\"object\"}},"
                + "\"type\":\"function\"}]}");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("numbers")
  void numericallyEqualNumbersHaveOneSpelling(String written, String canonical) {
    String body = "{\"n\":" + written + "}";

    assertThat(CacheKeys.canonical(object(body))).isEqualTo("{\"n\":" + canonical + "}");
    assertThat(CacheKeys.canonical(decimalObject(body))).isEqualTo("{\"n\":" + canonical + "}");
  }

  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of("1", "1"),
        Arguments.of("1.0", "1"),
        Arguments.of("1e0", "1"),
        Arguments.of("1.00", "1"),
        Arguments.of("100", "100"),
        Arguments.of("1e2", "100"),
        Arguments.of("100.0", "100"),
        Arguments.of("0.10", "0.1"),
        Arguments.of("1.5e-3", "0.0015"),
        Arguments.of("-2.50", "-2.5"),
        Arguments.of("-0.0", "0"),
        Arguments.of("1E20", "100000000000000000000"),
        Arguments.of("12345678901234567890123", "12345678901234567890123"));
  }

  @Test
  void unicodeIsKeptAsItIsAndControlCharactersAreEscaped() {
    String body = "{\"content\":\"日本語 😀 é \\u0001 \\u2028\"}";

    CacheKey key = keys.key("openai", "gpt-4o-mini", object(body), null, null);

    assertThat(key.canonical()).isEqualTo("{\"content\":\"日本語 😀 é \\u0001 \u2028\"}");
    assertThat(keys.key("openai", "gpt-4o-mini", object(body), null, null)).isEqualTo(key);
  }

  @Test
  void everyCharacterIsEscapedAsJacksonEscapesIt() {
    for (char c = 0; c < Character.MIN_SURROGATE; c++) {
      assertEscapedAsJacksonDoes(String.valueOf(c));
    }
    for (char c = Character.MAX_SURROGATE + 1; c != 0; c++) {
      assertEscapedAsJacksonDoes(String.valueOf(c));
    }
    assertEscapedAsJacksonDoes("a\uD83D\uDE00b\"c\\d\u0000e");
  }

  @Test
  void aStringThatIsNotValidUnicodeCannotBeKeyed() {
    // "\ud800" and "\ud801" would both become '?' in lenient UTF-8 and share a key.
    assertThatThrownBy(
            () -> keys.key("openai", "m", object("{\"content\":\"\\ud800\"}"), null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNumberJsonCannotExpressCannotBeKeyed() {
    ObjectNode body = object(CHAT);
    body.set("temperature", DoubleNode.valueOf(Double.NaN));

    assertThatThrownBy(() -> keys.key("openai", "m", body, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nestingUpToTheLimitIsKeyed() {
    // The body itself is the first level.
    String body =
        "{\"a\":" + "[".repeat(CacheKeys.MAX_DEPTH - 1) + "]".repeat(CacheKeys.MAX_DEPTH - 1) + "}";

    assertThat(keys.key("openai", "m", object(body), null, null).value())
        .startsWith("v1:openai:m:");
  }

  @Test
  void nestingBeyondTheLimitIsRefused() {
    String body =
        "{\"a\":" + "[".repeat(CacheKeys.MAX_DEPTH) + "]".repeat(CacheKeys.MAX_DEPTH) + "}";

    assertThatThrownBy(() -> keys.key("openai", "m", object(body), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("200");
  }

  @Test
  void aKeyPrintsWithoutThePromptItWasMadeFrom() {
    CacheKey key = keys.key("openai", "gpt-4o-mini", object(CHAT), null, null);

    assertThat(key.toString()).isEqualTo(key.value()).doesNotContain("Hi");
  }

  private static void assertEscapedAsJacksonDoes(String text) {
    StringBuilder ours = new StringBuilder();
    CacheKeys.writeString(text, ours);

    String jacksons = new String(JsonStringEncoder.getInstance().quoteAsString(text));
    assertThat(ours.toString()).isEqualTo("\"" + jacksons + "\"");
  }

  private String keyOf(String body) {
    return keys.key("openai", "gpt-4o-mini", object(body), null, null).value();
  }

  /** The body with more fields added at its end. */
  private static String with(String body, String fields) {
    return body.substring(0, body.lastIndexOf('}')) + "," + fields + "}";
  }

  private static ObjectNode object(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static ObjectNode decimalObject(String json) {
    try {
      return (ObjectNode) DECIMAL_JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
