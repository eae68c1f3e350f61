package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatsTest {
  @Test
  void countsAreGrouped() {
    assertThat(Formats.count(0)).isEqualTo("0");
    assertThat(Formats.count(1_234_567)).isEqualTo("1,234,567");
  }

  @Test
  void latencyIsInMillisecondsOrSeconds() {
    assertThat(Formats.millis(0)).isEqualTo("0 ms");
    assertThat(Formats.millis(184.4)).isEqualTo("184 ms");
    assertThat(Formats.millis(1450)).isEqualTo("1.45 s");
  }

  @Test
  void ratesArePercentages() {
    assertThat(Formats.percent(0)).isEqualTo("0.0 %");
    assertThat(Formats.percent(0.1234)).isEqualTo("12.3 %");
    assertThat(Formats.percent(1)).isEqualTo("100.0 %");
  }

  @Test
  void periodsAreInWords() {
    assertThat(Formats.duration(Duration.ofHours(1))).isEqualTo("1 hour");
    assertThat(Formats.duration(Duration.ofHours(24))).isEqualTo("24 hours");
    assertThat(Formats.duration(Duration.ofDays(7))).isEqualTo("7 days");
    assertThat(Formats.duration(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    assertThat(Formats.duration(Duration.ofSeconds(20))).isEqualTo("1 minute");
  }
}
