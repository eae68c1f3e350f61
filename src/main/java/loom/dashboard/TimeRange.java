package loom.dashboard;

import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The time range every dashboard page shows, chosen with the picker in the page header and kept for the
 * session, so it stays the same from page to page. Custom ranges are in UTC, like every time the dashboard
 * shows. Applying a range reloads the page (a redirect), whose bean then queries the new range.
 */
@Named
@SessionScoped
public class TimeRange implements Serializable {
  /** The longest custom range: a year and a day (the time series of a range stay within their point limit). */
  static final Duration MAX_CUSTOM = Duration.ofDays(366);

  private static final long serialVersionUID = 1L;

  /** What the pages show. */
  private RangePreset applied = RangePreset.LAST_24H;

  private LocalDateTime appliedFrom;
  private LocalDateTime appliedTo;

  /** What the picker shows: Custom may be chosen before its dates are applied. */
  private RangePreset choice = RangePreset.LAST_24H;

  private LocalDateTime customFrom;
  private LocalDateTime customTo;

  /** The range to show, as of the clock's now. */
  public Window window(Clock clock) {
    if (applied == RangePreset.CUSTOM) {
      return new Window(
          appliedFrom.toInstant(ZoneOffset.UTC), appliedTo.toInstant(ZoneOffset.UTC), null);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return new Window(now.minus(applied.length()), now, applied.getDescription());
  }

  /** The picker changed: a preset applies at once; Custom first shows its two dates, set to the range shown. */
  public void choiceChanged() throws IOException {
    if (choice == RangePreset.CUSTOM) {
      Window shown = window(Clock.systemUTC());
      customFrom = LocalDateTime.ofInstant(shown.start(), ZoneOffset.UTC);
      customTo = LocalDateTime.ofInstant(shown.end(), ZoneOffset.UTC);
      return;
    }
    apply(choice);
    Pages.reload();
  }

  /** Shows the last {@code preset} up to now from now on. */
  void apply(RangePreset preset) {
    if (preset == RangePreset.CUSTOM) {
      throw new IllegalArgumentException("a custom range needs its dates");
    }
    applied = preset;
    choice = preset;
  }

  /** Applies the custom dates, if they make a range. */
  public void applyCustom() throws IOException {
    String problem = customProblem(customFrom, customTo);
    if (problem != null) {
      FacesContext.getCurrentInstance()
          .addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN, problem, null));
      return;
    }
    apply(customFrom, customTo);
    Pages.reload();
  }

  /** Shows the custom range [from, to) (UTC); the caller has checked it with {@link #customProblem}. */
  void apply(LocalDateTime from, LocalDateTime to) {
    applied = RangePreset.CUSTOM;
    choice = RangePreset.CUSTOM;
    appliedFrom = from;
    appliedTo = to;
  }

  /** What is wrong with a custom range, or null when it is fine. */
  static String customProblem(LocalDateTime from, LocalDateTime to) {
    if (from == null || to == null) {
      return "Choose both a start and an end.";
    }
    if (!from.isBefore(to)) {
      return "The start must be before the end.";
    }
    if (Duration.between(from, to).compareTo(MAX_CUSTOM) > 0) {
      return "A custom range may cover at most " + MAX_CUSTOM.toDays() + " days.";
    }
    return null;
  }

  /** What the pages show, for the page header: "Last 24 hours (UTC)" or the dates of a custom range. */
  public String getLabel() {
    String label = window(Clock.systemUTC()).label();
    return Character.toUpperCase(label.charAt(0))
        + label.substring(1)
        + (applied == RangePreset.CUSTOM ? "" : " (UTC)");
  }

  public List<RangePreset> getPresets() {
    return List.of(RangePreset.values());
  }

  public RangePreset getChoice() {
    return choice;
  }

  public void setChoice(RangePreset choice) {
    this.choice = choice == null ? applied : choice;
  }

  /** Whether the picker shows the custom dates. */
  public boolean isChoosingCustom() {
    return choice == RangePreset.CUSTOM;
  }

  public LocalDateTime getCustomFrom() {
    return customFrom;
  }

  public void setCustomFrom(LocalDateTime customFrom) {
    this.customFrom = customFrom;
  }

  public LocalDateTime getCustomTo() {
    return customTo;
  }

  public void setCustomTo(LocalDateTime customTo) {
    this.customTo = customTo;
  }
}
