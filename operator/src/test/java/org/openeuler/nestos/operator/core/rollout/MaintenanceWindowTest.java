package org.openeuler.nestos.operator.core.rollout;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Nodes.pending;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;

class MaintenanceWindowTest {
  private static final WindowSpec NIGHTLY_UTC = new WindowSpec(Set.of(), "22:00", 240, "UTC");
  private static final WindowSpec FRIDAY_NIGHT_BERLIN =
      new WindowSpec(Set.of(FRIDAY), "23:00", 180, "Europe/Berlin");

  /** 2025-03-30 is the Sunday of the spring DST change in Berlin (02:00 CET -> 03:00 CEST). */
  private static final WindowSpec SPRING_GAP =
      new WindowSpec(Set.of(SUNDAY), "02:30", 60, "Europe/Berlin");

  private static final WindowSpec SUNDAY_0100_BERLIN =
      new WindowSpec(Set.of(SUNDAY), "01:00", 180, "Europe/Berlin");

  /** 2025-10-26 is the autumn change (03:00 CEST -> 02:00 CET). */
  private static final WindowSpec AUTUMN_OVERLAP =
      new WindowSpec(Set.of(SUNDAY), "02:30", 60, "Europe/Berlin");

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("nightly, inside before midnight", NIGHTLY_UTC, "2025-03-10T23:00:00Z", true),
        Arguments.of("nightly, across midnight", NIGHTLY_UTC, "2025-03-11T01:59:00Z", true),
        Arguments.of("nightly, closes at 02:00", NIGHTLY_UTC, "2025-03-11T02:00:00Z", false),
        Arguments.of(
            "nightly, opens at 22:00 inclusive", NIGHTLY_UTC, "2025-03-10T22:00:00Z", true),
        Arguments.of("nightly, before it opens", NIGHTLY_UTC, "2025-03-10T21:59:59Z", false),
        // Friday 23:00 CET = 22:00Z; runs into Saturday (not a listed day)
        Arguments.of(
            "friday window running into saturday",
            FRIDAY_NIGHT_BERLIN,
            "2025-03-08T00:30:00Z",
            true),
        Arguments.of(
            "friday window, saturday night is not friday",
            FRIDAY_NIGHT_BERLIN,
            "2025-03-08T22:30:00Z",
            false),
        Arguments.of(
            "friday window in zone time, not UTC",
            FRIDAY_NIGHT_BERLIN,
            "2025-03-07T22:00:00Z",
            true),
        Arguments.of(
            "friday window, an hour early in UTC terms",
            FRIDAY_NIGHT_BERLIN,
            "2025-03-07T21:59:00Z",
            false),
        // spring: 02:30 does not exist on 2025-03-30; the window opens at 03:30 CEST = 01:30Z,
        // lasts 60 min
        Arguments.of(
            "DST gap: nonexistent start moves forward", SPRING_GAP, "2025-03-30T01:30:00Z", true),
        Arguments.of(
            "DST gap: before the shifted start", SPRING_GAP, "2025-03-30T01:29:00Z", false),
        Arguments.of(
            "DST gap: closes after 60 elapsed minutes", SPRING_GAP, "2025-03-30T02:30:00Z", false),
        // 01:00 CET = 00:00Z; 180 elapsed minutes -> 03:00Z (= 05:00 CEST, not 04:00 wall time)
        Arguments.of(
            "DST: duration is elapsed time (still open)",
            SUNDAY_0100_BERLIN,
            "2025-03-30T02:59:00Z",
            true),
        Arguments.of(
            "DST: duration is elapsed time (closed)",
            SUNDAY_0100_BERLIN,
            "2025-03-30T03:00:00Z",
            false),
        // autumn: 02:30 happens twice; the earlier (CEST, 00:30Z) is used
        Arguments.of("DST overlap: earlier instant", AUTUMN_OVERLAP, "2025-10-26T00:30:00Z", true),
        Arguments.of(
            "DST overlap: window ends 60 minutes later",
            AUTUMN_OVERLAP,
            "2025-10-26T01:30:00Z",
            false),
        Arguments.of(
            "a week-long window from monday",
            new WindowSpec(Set.of(MONDAY), "00:00", 10080, "UTC"),
            "2025-03-16T23:59:00Z",
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void evaluatesWindows(String why, WindowSpec window, String at, boolean open) {
    assertThat(WindowCalendar.evaluate(List.of(window), Instant.parse(at)).open()).isEqualTo(open);
  }

  @Test
  void anyOfSeveralWindowsOpens() {
    WindowSpec weekend = new WindowSpec(Set.of(SATURDAY, SUNDAY), "00:00", 1440, "Asia/Shanghai");
    Instant saturdayShanghai = Instant.parse("2025-03-08T03:00:00Z");
    assertThat(WindowCalendar.evaluate(List.of(NIGHTLY_UTC, weekend), saturdayShanghai).open())
        .isTrue();
    assertThat(WindowCalendar.evaluate(List.of(NIGHTLY_UTC), saturdayShanghai).open()).isFalse();
  }

  @Test
  void noWindowsMeansAlwaysOpen() {
    assertThat(WindowCalendar.evaluate(List.of(), Nodes.NOW).open()).isTrue();
  }

  @Test
  void invalidZoneIsClosedAndReported() {
    WindowSpec bad = new WindowSpec(Set.<DayOfWeek>of(), "00:00", 1440, "Mars/Olympus_Mons");
    WindowCalendar.Evaluation e = WindowCalendar.evaluate(List.of(bad), Nodes.NOW);
    assertThat(e.open()).isFalse();
    assertThat(e.invalid()).singleElement().asString().contains("Mars/Olympus_Mons");

    RolloutPlan plan = Nodes.plan(strategy().windows(bad).build(), pending(3));
    assertThat(plan.newlyCordoned()).isEmpty();
    RolloutCondition stalled = plan.condition(ConditionType.STALLED);
    assertThat(stalled.status()).isTrue();
    assertThat(stalled.reason()).isEqualTo(ConditionReason.INVALID_SPEC);
    assertThat(stalled.message()).contains("Mars/Olympus_Mons");
    assertThat(plan.condition(ConditionType.RECONCILING).reason())
        .isEqualTo(ConditionReason.OUTSIDE_MAINTENANCE_WINDOW);
  }

  @Test
  void closedWindowGatesNewCordonsOnlyNeverWorkInFlight() {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(3));
    nodes.add(node("w-drained").drained().build());
    nodes.add(node("w-draining").draining().build());
    nodes.add(node("w-verified").verified().build());
    RolloutStrategy s =
        strategy().maxUnavailable(10).windows(NIGHTLY_UTC).build(); // closed at 12:00Z
    RolloutPlan plan = Nodes.plan(s, nodes);
    assertThat(plan.newlyCordoned()).isEmpty();
    assertThat(plan.grant()).extracting(GrantOrder::node).containsExactly("w-drained");
    assertThat(plan.cordon()).extracting(CordonOrder::node).containsExactly("w-draining");
    assertThat(plan.uncordon()).extracting(UncordonOrder::node).containsExactly("w-verified");
    assertThat(plan.condition(ConditionType.RECONCILING).reason())
        .isEqualTo(ConditionReason.OUTSIDE_MAINTENANCE_WINDOW);

    Clock night = Clock.fixed(Instant.parse("2025-03-10T23:00:00Z"), ZoneOffset.UTC);
    RolloutPlan open =
        new RolloutPlanner(night)
            .plan(
                new RolloutInput(
                    Nodes.OSV, s, nodes, List.of(), RetryState.NONE, Integer.MAX_VALUE));
    assertThat(open.newlyCordoned()).hasSize(3);
  }
}
