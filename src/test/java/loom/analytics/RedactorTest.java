package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import loom.config.AuthConfig;
import loom.config.PrivacyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {
  private static final String EMAIL = "[REDACTED:email]";
  private static final String KEY = "[REDACTED:api_key]";
  private static final String CARD = "[REDACTED:credit_card]";
  private static final String SSN = "[REDACTED:ssn]";
  private static final String PHONE = "[REDACTED:phone]";
  private static final String IPV4 = "[REDACTED:ipv4]";
  private static final String LOOM_KEY =
      AuthConfig.KEY_PREFIX + "Zm9vYmFyYmF6cXV4X2Zvb2Jhcl9iYXpxdXgtMTIzNDU";

  private final Redactor allKinds = new Redactor(PrivacyConfig.defaults());

  @ParameterizedTest(name = "{0}")
  @MethodSource("sensitiveValues")
  void replacesSensitiveValuesWithTypedMarkers(String description, String input, String expected) {
    assertThat(allKinds.redact(input)).isEqualTo(expected);
  }

  static Stream<Arguments> sensitiveValues() {
    return Stream.of(
        arguments("plain email", "mail bob@example.com now", "mail " + EMAIL + " now"),
        arguments(
            "email with dots, plus and subdomains", "first.last+tag@mail.example.co.uk", EMAIL),
        arguments(
            "email in angle brackets", "To: <alice_1@mail-server.org>", "To: <" + EMAIL + ">"),
        arguments(
            "email ending a sentence keeps the full stop",
            "Write to bob@example.com.",
            "Write to " + EMAIL + "."),
        arguments(
            "email right after a JSON \\n escape",
            "{\"c\":\"hi\\nbob@example.com\"}",
            "{\"c\":\"hi\\n" + EMAIL + "\"}"),
        arguments("OpenAI key", "key sk-abcdefghijklmnopqrstuvwx1234 end", "key " + KEY + " end"),
        arguments("OpenAI project key", "sk-proj-AbC123_def-456ghiJKL789mnoPQR", KEY),
        arguments("Anthropic key", "x=sk-ant-api03-AbCdEf123456_GhIjKl789012-xyz", "x=" + KEY),
        arguments("Loom key", "use " + LOOM_KEY, "use " + KEY),
        arguments(
            "Bearer token keeps the word Bearer",
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig4",
            "Authorization: Bearer " + KEY),
        arguments(
            "lower-case bearer",
            "authorization: bearer abc123def456",
            "authorization: bearer " + KEY),
        arguments("AWS access key id", "aws AKIAIOSFODNN7EXAMPLE here", "aws " + KEY + " here"),
        arguments(
            "api_key= query parameter keeps the name",
            "?api_key=abc123secret&x=1",
            "?api_key=" + KEY + "&x=1"),
        arguments("apikey: header-style keeps the name", "apikey: s3cr3tvalue", "apikey: " + KEY),
        arguments(
            "JSON api_key member keeps the name and the quotes",
            "{\"api_key\": \"abc123secret\"}",
            "{\"api_key\": \"" + KEY + "\"}"),
        arguments(
            "environment variable ending in API_KEY",
            "OPENAI_API_KEY=whatever123",
            "OPENAI_API_KEY=" + KEY),
        arguments("x-api-key header", "x-api-key: 0123456789abcdef", "x-api-key: " + KEY),
        arguments(
            "Visa test card with spaces", "card 4111 1111 1111 1111 ok", "card " + CARD + " ok"),
        arguments("Mastercard test card with dashes", "5500-0000-0000-0004", CARD),
        arguments("Amex test card ungrouped", "amex 378282246310005.", "amex " + CARD + "."),
        arguments("Amex test card grouped 4-6-5", "amex 3782 822463 10005", "amex " + CARD),
        arguments("Diners test card ungrouped", "30569309025904", CARD),
        arguments(
            "card after other numbers in the same run", "qty 3 6011111111111117", "qty 3 " + CARD),
        arguments("card in a CSV row", "12,4111111111111111,5", "12," + CARD + ",5"),
        arguments("card followed by a short number", "4111 1111 1111 1111 12/29", CARD + " 12/29"),
        arguments("SSN", "SSN 123-45-6789.", "SSN " + SSN + "."),
        arguments(
            "international phone with parentheses",
            "call +1 (555) 123-4567 today",
            "call " + PHONE + " today"),
        arguments("UK phone", "+44 20 7946 0958", PHONE),
        arguments("E.164 phone without separators", "tel:+15551234567", "tel:" + PHONE),
        arguments(
            "international phone keeps the trailing space", "+49 30 1234567 ist", PHONE + " ist"),
        arguments("North-American phone with parentheses", "(555) 123-4567", PHONE),
        arguments("North-American phone with dashes", "ring 555-123-4567!", "ring " + PHONE + "!"),
        arguments("North-American phone with dots", "555.123.4567", PHONE),
        arguments("North-American phone with country code", "1-800-555-1234", PHONE),
        arguments("IPv4", "host 192.168.1.10 up", "host " + IPV4 + " up"),
        arguments("IPv4 ending a sentence", "ping 10.0.0.1.", "ping " + IPV4 + "."),
        arguments("IPv4 with the largest octets", "255.255.255.255", IPV4),
        arguments(
            "several secrets in one text",
            "bob@example.com, 555-123-4567, sk-abcdefghijklmnopqrstuvwx1234, 10.1.2.3",
            EMAIL + ", " + PHONE + ", " + KEY + ", " + IPV4),
        arguments(
            "a key inside an email's place is still gone",
            "to=bob@example.com key=" + LOOM_KEY,
            "to=" + EMAIL + " key=" + KEY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lookalikes")
  void leavesLookalikesAlone(String description, String input) {
    assertThat(allKinds.redact(input)).isEqualTo(input);
  }

  static Stream<Arguments> lookalikes() {
    return Stream.of(
        arguments("an @mention", "thanks @mention and @bob"),
        arguments("an address without a domain dot", "a@b"),
        arguments("a host-local address", "root@localhost"),
        arguments("dots without a real top-level domain", "a@a.a.a."),
        arguments("a hyphenated word containing sk-", "the task-force met"),
        arguments("sk- alone", "prefix sk- alone"),
        arguments("a short sk- id", "sk-short1"),
        arguments("Bearer in prose", "Bearer authentication is required"),
        arguments("a null api_key in JSON", "{\"api_key\": null}"),
        arguments("a Luhn-invalid card-shaped order number", "order 4111 1111 1111 1112"),
        arguments("a Luhn-invalid millisecond timestamp", "at 1737452400123"),
        arguments("a Luhn-valid number glued to letters", "id 4111111111111111abc"),
        arguments("a Luhn-valid number in a decimal", "pi 3.4111111111111111"),
        arguments("more than 19 digits", "4111111111111111111111"),
        arguments("SSN area 000", "000-12-3456"),
        arguments("SSN area 666", "666-12-3456"),
        arguments("SSN area 9xx", "900-12-3456"),
        arguments("SSN group 00", "123-00-4567"),
        arguments("SSN serial 0000", "123-45-0000"),
        arguments("a year", "in 2026 we shipped"),
        arguments("a price", "costs $1,234.56 or +5.00"),
        arguments("a version number", "version 1.2.3"),
        arguments("an ISO date", "on 2026-01-21 at 10:00"),
        arguments("a long number with a plus sign that is too short", "+123 points"),
        arguments("an octet over 255", "999.1.1.1"),
        arguments("a dotted number with five parts", "1.2.3.4.5"),
        arguments("a v-prefixed version with four parts", "v1.2.3.4"),
        arguments("an ordinary sentence", "The quick brown fox jumps over 13 lazy dogs."));
  }

  @ParameterizedTest(name = "{0} off")
  @MethodSource("oneSamplePerKind")
  void kindsSwitchedOffInConfigAreLeftAlone(String kind, String sample) {
    Set<String> others = new HashSet<>(PrivacyConfig.KINDS);
    others.remove(kind);

    assertThat(new Redactor(config(others, List.of())).redact(sample)).isEqualTo(sample);
    assertThat(allKinds.redact(sample)).isEqualTo("[REDACTED:" + kind + "]");
  }

  static Stream<Arguments> oneSamplePerKind() {
    return Stream.of(
        arguments("email", "bob@example.com"),
        arguments("api_key", "sk-abcdefghijklmnopqrstuvwx1234"),
        arguments("credit_card", "4111 1111 1111 1111"),
        arguments("credit_card", "5500-0000-0000-0004"),
        arguments("ssn", "123-45-6789"),
        arguments("phone", "555-123-4567"),
        arguments("ipv4", "192.168.1.10"));
  }

  @Test
  void noKindsMeansNoRedaction() {
    String text = "bob@example.com 4111 1111 1111 1111 555-123-4567";

    assertThat(new Redactor(config(Set.of(), List.of())).redact(text)).isSameAs(text);
  }

  @Test
  void extraPatternsAreRedactedAsCustomAfterTheBuiltInKinds() {
    Redactor redactor =
        new Redactor(
            config(
                Set.copyOf(PrivacyConfig.KINDS), List.of("EMP-\\d{6}", "(?i)project\\s+falcon")));

    assertThat(redactor.redact("EMP-123456 on Project Falcon, bob@example.com"))
        .isEqualTo("[REDACTED:custom] on [REDACTED:custom], " + EMAIL);
  }

  @Test
  void extraPatternsThatMatchEmptyTextChangeNothing() {
    Redactor redactor = new Redactor(config(Set.of(), List.of("x*")));

    assertThat(redactor.redact("abc xx")).isEqualTo("abc [REDACTED:custom]");
  }

  @Test
  void redactionInsideJsonStringsKeepsTheJsonValid() throws Exception {
    String body =
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"I am bob@example.com,\\ncard 4111-1111-1111-1111\\tssn 123-45-6789"
            + "\\nkey: \\\"sk-proj-abcdefghijklmnop1234\\\""
            + " from 10.0.0.7, call (555) 123-4567\"}],\"api_key\":\"abc123secret\",\"created\":1737452400}";

    String redacted = allKinds.redact(body);

    assertThat(redacted)
        .contains(EMAIL, CARD, SSN, KEY, IPV4, PHONE)
        .doesNotContain("bob@", "4111", "6789", "sk-proj", "10.0.0.7", "4567", "abc123secret");
    assertThatCode(() -> new ObjectMapper().readTree(redacted)).doesNotThrowAnyException();
    assertThat(new ObjectMapper().readTree(redacted).get("created").asLong())
        .isEqualTo(1737452400L);
  }

  @Test
  void everyConfigKindHasAQuoteFreeMarker() {
    assertThat(PrivacyConfig.KINDS)
        .allSatisfy(
            name -> {
              RedactionKind kind = RedactionKind.fromConfigName(name);
              assertThat(kind.marker())
                  .isEqualTo("[REDACTED:" + name + "]")
                  .doesNotContain("\"", "'", "\\");
            });
    assertThat(RedactionKind.CUSTOM.marker()).isEqualTo("[REDACTED:custom]");
  }

  @Test
  void unknownKindIsRejected() {
    assertThatThrownBy(() -> new Redactor(config(Set.of("passport"), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passport");
  }

  @Test
  void creditCardsAreRedactedBeforePhoneNumbers() {
    assertThat(RedactionKind.CREDIT_CARD.ordinal()).isLessThan(RedactionKind.PHONE.ordinal());
    assertThat(allKinds.redact("+1 4111 1111 1111 1111")).doesNotContain("1111");
  }

  private static PrivacyConfig config(Set<String> kinds, List<String> extraPatterns) {
    return new PrivacyConfig(
        true, true, PrivacyConfig.DEFAULT_MAX_BODY_LENGTH, kinds, extraPatterns);
  }
}
