package org.openeuler.nestos.operator.core.rollout;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates maintenance windows at an instant. A window opens at {@code startTime} on each listed
 * day in its zone and stays open {@code durationMinutes} of elapsed time, so windows may run across
 * midnight (and into days not listed). On a DST gap a start time that does not exist moves forward
 * by the gap (03:30 CEST for 02:30 on the spring change); on an overlap the earlier instant is
 * used. An unknown zone or a malformed start time makes that window never open and is reported in
 * {@link Evaluation#invalid()}.
 */
public final class WindowCalendar {
  private static final int MAX_LOOKBACK_DAYS = 8; // durationMinutes <= 10080 (one week)

  private WindowCalendar() {}

  /**
   * @param open a window is open (always true when none is configured)
   * @param invalid human-readable problems of windows that can never open
   */
  public record Evaluation(boolean open, List<String> invalid) {
    public Evaluation {
      invalid = List.copyOf(invalid);
    }
  }

  /** Whether any of {@code windows} is open at {@code now}. No windows means always open. */
  public static Evaluation evaluate(List<WindowSpec> windows, Instant now) {
    if (windows.isEmpty()) {
      return new Evaluation(true, List.of());
    }
    boolean open = false;
    List<String> invalid = new ArrayList<>();
    for (WindowSpec w : windows) {
      ZoneId zone;
      LocalTime start;
      try {
        zone = ZoneId.of(w.timeZone());
      } catch (DateTimeException e) {
        invalid.add("unknown time zone \"" + w.timeZone() + "\"");
        continue;
      }
      try {
        start = LocalTime.parse(w.startTime());
      } catch (DateTimeParseException | NullPointerException e) {
        invalid.add("invalid startTime \"" + w.startTime() + "\"");
        continue;
      }
      if (w.durationMinutes() <= 0) {
        invalid.add("durationMinutes must be positive");
        continue;
      }
      open |= isOpen(w, zone, start, now);
    }
    return new Evaluation(open, invalid);
  }

  private static boolean isOpen(WindowSpec w, ZoneId zone, LocalTime start, Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    for (int back = 0; back <= MAX_LOOKBACK_DAYS; back++) {
      LocalDate day = today.minusDays(back);
      if (!w.days().isEmpty() && !w.days().contains(day.getDayOfWeek())) {
        continue;
      }
      Instant opens = ZonedDateTime.of(day, start, zone).toInstant();
      Instant closes = opens.plusSeconds(60L * w.durationMinutes());
      if (!now.isBefore(opens) && now.isBefore(closes)) {
        return true;
      }
    }
    return false;
  }
}
