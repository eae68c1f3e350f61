package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogCursorTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("cursors")
  void aTokenIsUrlSafeAndStandsForItsCursor(String description, LogCursor cursor) {
    String token = cursor.token();

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(LogCursor.parse(token)).isEqualTo(cursor);
  }

  static Stream<Arguments> cursors() {
    return Stream.of(
        Arguments.of("a log of today", new LogCursor(1_772_359_200_123L, "log_42")),
        Arguments.of("an id with colons", new LogCursor(5, "a:b::c:")),
        Arguments.of("an id with URL characters", new LogCursor(7, "a/b+c=d?e&f g%20")),
        Arguments.of("a non-ASCII id", new LogCursor(0, "ünïcødé-🚀")),
        Arguments.of("a time before 1970", new LogCursor(-1, "x")),
        Arguments.of("the largest time", new LogCursor(Long.MAX_VALUE, "z")),
        Arguments.of("a one-character id", new LogCursor(1, "0")));
  }

  @Test
  void theCursorAfterARowHoldsThatRowsTimeAndId() {
    RequestLog row = LogRowSamples.log(7);

    assertThat(LogCursor.after(row))
        .isEqualTo(new LogCursor(row.timestamp().toEpochMilli(), "log_7"));
  }

  @Test
  void equalCursorsHaveEqualTokensAndOthersDoNot() {
    assertThat(new LogCursor(5, "log_1").token())
        .isEqualTo(new LogCursor(5, "log_1").token())
        .isNotEqualTo(new LogCursor(5, "log_2").token())
        .isNotEqualTo(new LogCursor(6, "log_1").token());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("foreignTokens")
  void aTokenThatIsNotOneOfOursIsRefused(String description, String token) {
    assertThatThrownBy(() -> LogCursor.parse(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next_cursor");
  }

  static Stream<Arguments> foreignTokens() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("not Base64", "not a cursor!"),
        Arguments.of("standard rather than URL-safe Base64", "+/+/"),
        Arguments.of("no colon", encoded("1234")),
        Arguments.of("no time", encoded(":log_1")),
        Arguments.of("no id", encoded("1234:")),
        Arguments.of("a time that is not a number", encoded("yesterday:log_1")),
        Arguments.of("a time with a fraction", encoded("12.5:log_1")),
        Arguments.of("a time beyond a long", encoded("99999999999999999999:log_1")));
  }

  @Test
  void aCursorNeedsAnId() {
    assertThatThrownBy(() -> new LogCursor(1, null)).isInstanceOf(NullPointerException.class);
  }

  private static String encoded(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
