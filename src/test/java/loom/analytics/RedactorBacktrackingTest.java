package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;
import loom.config.PrivacyConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Guards against catastrophic backtracking and deep regex recursion; the time limit is no speed benchmark. */
class RedactorBacktrackingTest {
  private static final int ONE_MEGABYTE = 1 << 20;

  private final Redactor redactor = new Redactor(PrivacyConfig.defaults());

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversarialInputs")
  void adversarialMegabyteFinishesWithoutCatastrophicBacktracking(String description, String unit) {
    String text = unit.repeat(ONE_MEGABYTE / unit.length());

    String redacted = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> redactor.redact(text));

    assertThat(redacted).isNotNull();
  }

  static Stream<Arguments> adversarialInputs() {
    return Stream.of(
        arguments("digits and dashes", "1-"),
        arguments("digits and spaces", "4 "),
        arguments("card-like groups", "4111 "),
        arguments("only digits", "1"),
        arguments("dotted email-like labels", "a@a.a.a."),
        arguments("one endless domain", "a."),
        arguments("at signs", "a@"),
        arguments("dotted digits", "1.1.1.1."),
        arguments("plus and digits", "+1 2"),
        arguments("parenthesised area codes", "(555) "),
        arguments("key prefixes", "sk-"),
        arguments("bearer words", "Bearer "),
        arguments("key assignments", "api_key="),
        arguments("JSON escapes", "\\n1-"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("longSingleTokens")
  void aSingleMegabyteLongTokenIsHandledInOnePass(
      String description, String head, String filler, String expectedStart) {
    String text = head + filler.repeat(ONE_MEGABYTE);

    String redacted = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> redactor.redact(text));

    assertThat(redacted).startsWith(expectedStart);
  }

  static Stream<Arguments> longSingleTokens() {
    return Stream.of(
        arguments("an endless key", "sk-", "a", "[REDACTED:api_key]"),
        arguments("an endless bearer token without digits", "Bearer ", "x", "Bearer x"),
        arguments("an endless assignment value", "api_key=", "z", "api_key=[REDACTED:api_key]"),
        arguments("an endless email local part", "", "b", "bbb"));
  }
}
