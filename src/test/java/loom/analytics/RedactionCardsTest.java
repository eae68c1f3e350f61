package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RedactionCardsTest {
  private static final String CARD = "#";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "4111111111111111, true", "4111 1111 1111 1111, true", "5500-0000-0000-0004, true",
        "378282246310005, true",
    "6011111111111117, true", "30569309025904, true", "4222222222222, true", "0, true",
    "4111111111111112, false", "1234567890123456, false", "1737452400123, false",
        "79927398710, false"
  })
  void luhnChecksumSkipsSeparators(String number, boolean valid) {
    assertThat(RedactionCards.passesLuhn(number)).isEqualTo(valid);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void findsCardsOnlyInCardGroupings(
      String description, String run, boolean glued, String expected) {
    assertThat(RedactionCards.redactRun(run, glued, CARD)).isEqualTo(expected);
  }

  static Stream<Arguments> runs() {
    return Stream.of(
        arguments("ungrouped", "4111111111111111", false, CARD),
        arguments(
            "4-4-4-4 with trailing separator kept", "4111 1111 1111 1111 ", false, CARD + " "),
        arguments("Amex 4-6-5", "3782-822463-10005", false, CARD),
        arguments(
            "the longest valid grouping wins over a shorter one",
            "4111 1111 1111 1111 12",
            false,
            CARD + " 12"),
        arguments("a card after a leading number", "3 4111 1111 1111 1111", false, "3 " + CARD),
        arguments(
            "Luhn-valid digits in a foreign grouping are no card",
            "41 1111 1111 1111 11",
            false,
            null),
        arguments("a double space breaks the grouping", "4111  1111 1111 1111", false, null),
        arguments("a glued last group cannot end a card", "4111111111111111", true, null),
        arguments(
            "a glued run that ends in a separator is fine", "4111111111111111 ", true, CARD + " "),
        arguments("more than 19 digits in one group", "41111111111111111111", false, null),
        arguments(
            "two cards in one run", "4111111111111111 5500000000000004", false, CARD + " " + CARD));
  }
}
