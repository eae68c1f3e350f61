package loom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("30s", Duration.ofSeconds(30)),
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("2h", Duration.ofHours(2)),
        Arguments.of("90d", Duration.ofDays(90)),
        Arguments.of(" 10 S ", Duration.ofSeconds(10)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void readsDurationsWithTheirUnit(String text, Duration expected) {
    assertThat(Units.parseDuration(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "'{0}'")
  @ValueSource(strings = {"5 minutes", "30", "1.5h", "-5s", "", "h"})
  void rejectsDurationsWithoutAKnownUnit(String text) {
    assertThatThrownBy(() -> Units.parseDuration(text)).hasMessage(Units.DURATION_FORMAT);
  }

  static Stream<Arguments> sizes() {
    return Stream.of(
        Arguments.of("4MB", 4L * 1024 * 1024),
        Arguments.of("512kb", 512L * 1024),
        Arguments.of("1GB", 1024L * 1024 * 1024),
        Arguments.of("100B", 100L),
        Arguments.of("4096", 4096L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sizes")
  void readsSizesInPowersOf1024(String text, long expected) {
    assertThat(Units.parseSize(text)).isEqualTo(expected);
  }

  @Test
  void rejectsSizesWithAnUnknownUnit() {
    assertThatThrownBy(() -> Units.parseSize("4 megs")).hasMessage(Units.SIZE_FORMAT);
  }
}
