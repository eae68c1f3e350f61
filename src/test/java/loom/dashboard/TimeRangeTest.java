package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
  private static final Instant NOW = Instant.parse("2026-03-10T12:34:56.789Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void aSessionStartsWithTheLast24Hours() {
    Window window = new TimeRange().window(CLOCK);

    assertThat(window.end()).isEqualTo(Instant.parse("2026-03-10T12:34:56Z"));
    assertThat(window.length()).isEqualTo(Duration.ofHours(24));
    assertThat(window.label()).isEqualTo("last 24 hours");
    assertThat(new TimeRange().getChoice()).isEqualTo(RangePreset.LAST_24H);
  }

  @Test
  void everyPresetReachesBackItsLengthFromNow() {
    for (RangePreset preset : RangePreset.values()) {
      if (preset == RangePreset.CUSTOM) {
        continue;
      }
      TimeRange range = new TimeRange();
      range.setChoice(preset);
      range.apply(preset);

      assertThat(range.window(CLOCK).length()).isEqualTo(preset.length());
      assertThat(range.window(CLOCK).label()).isEqualTo(preset.getDescription());
    }
  }

  @Test
  void aCustomRangeIsShownAsAppliedInUtc() {
    TimeRange range = new TimeRange();
    range.apply(LocalDateTime.parse("2026-01-02T00:00"), LocalDateTime.parse("2026-01-03T12:00"));

    Window window = range.window(CLOCK);

    assertThat(window.start()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(window.end()).isEqualTo(Instant.parse("2026-01-03T12:00:00Z"));
    assertThat(window.label()).isEqualTo("Jan 2, 2026 00:00 – Jan 3, 2026 12:00 UTC");
    assertThat(range.getLabel()).isEqualTo("Jan 2, 2026 00:00 – Jan 3, 2026 12:00 UTC");
    assertThat(window.previous())
        .isEqualTo(
            new Window(
                Instant.parse("2025-12-31T12:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"),
                null));
  }

  @Test
  void customRangesMustBeRangesOfAtMostAYear() {
    LocalDateTime start = LocalDateTime.parse("2026-01-01T00:00");

    assertThat(TimeRange.customProblem(start, start.plusHours(1))).isNull();
    assertThat(TimeRange.customProblem(start, start.plusDays(366))).isNull();
    assertThat(TimeRange.customProblem(start, start.plusDays(367))).contains("at most 366 days");
    assertThat(TimeRange.customProblem(start, start))
        .isEqualTo("The start must be before the end.");
    assertThat(TimeRange.customProblem(start.plusHours(1), start))
        .isEqualTo("The start must be before the end.");
    assertThat(TimeRange.customProblem(null, start)).isEqualTo("Choose both a start and an end.");
    assertThat(TimeRange.customProblem(start, null)).isEqualTo("Choose both a start and an end.");
  }

  @Test
  void aWindowNeedsItsStartBeforeItsEnd() {
    assertThatThrownBy(() -> new Window(NOW, NOW, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePickerLivesInTheSessionSoItSerialises() throws Exception {
    TimeRange range = new TimeRange();
    range.apply(LocalDateTime.parse("2026-01-02T00:00"), LocalDateTime.parse("2026-01-03T12:00"));
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(range);
    }
  }
}
