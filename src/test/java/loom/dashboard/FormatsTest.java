package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatsTest {
  @Test
  void countsAreGrouped() {
    assertThat(Formats.count(0)).isEqualTo("0");
    assertThat(Formats.count(1_234_567)).isEqualTo("1,234,567");
  }

  @Test
  void dollarsShowCentsAndFractionsOfACentBelowADollar() {
    assertThat(Formats.usd(new BigDecimal("1234.5"))).isEqualTo("$1,234.50");
    assertThat(Formats.usd(new BigDecimal("1"))).isEqualTo("$1.00");
    assertThat(Formats.usd(new BigDecimal("0.25"))).isEqualTo("$0.25");
    assertThat(Formats.usd(new BigDecimal("0.123456"))).isEqualTo("$0.1235");
    assertThat(Formats.usd(new BigDecimal("0.00285"))).isEqualTo("$0.00285");
    assertThat(Formats.usd(new BigDecimal("0.000305"))).isEqualTo("$0.000305");
    assertThat(Formats.usd(BigDecimal.ZERO)).isEqualTo("$0.00");
    assertThat(Formats.usd(new BigDecimal("0.0000000029"))).as("a cost is never shown as nothing")
        .isEqualTo("< $0.000001");
    assertThat(Formats.usd(new BigDecimal("-2.5"))).isEqualTo("-$2.50");
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
