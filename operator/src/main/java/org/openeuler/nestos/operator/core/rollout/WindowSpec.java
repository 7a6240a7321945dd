package org.openeuler.nestos.operator.core.rollout;

import java.time.DayOfWeek;
import java.util.Set;

/**
 * A maintenance window as written in the spec (zone and start time still text so a bad value can be
 * reported).
 *
 * @param days days of the week, in {@code timeZone}, the window opens; empty means every day
 * @param startTime "HH:MM", local to {@code timeZone}
 * @param durationMinutes elapsed minutes the window stays open (a DST change does not stretch or
 *     shrink it)
 * @param timeZone IANA zone id
 */
public record WindowSpec(
    Set<DayOfWeek> days, String startTime, int durationMinutes, String timeZone) {
  public WindowSpec {
    days = days == null ? Set.of() : Set.copyOf(days);
    timeZone = timeZone == null ? "UTC" : timeZone;
  }
}
