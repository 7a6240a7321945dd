package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.daemon.core.update.Specs.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.*;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.core.status.OsStatus;

/**
 * Every phase × every event, pure (no executor): a fixture state per phase is reached by driving
 * the machine with synthetic host observations, then each canonical event is applied. Expected:
 * next phase and the action kinds (ReportStatus omitted: it follows any change of the projection).
 * Rows marked "unreachable-ish" are documented below the table.
 */
class UpdateMachineTableTest {

  static final UpdateMachine M = new UpdateMachine(NODE, UID);
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final String T1 = Specs.ticket("b1", "r1");
  static final List<String> NEW_KARGS = List.of("root=/dev/vda4", "rw", "mitigations=auto");
  static final Deployment OLD_BOOTED =
      new Deployment("old", null, OLD_REF, null, true, false, false, false, BOOT_KARGS);
  static final Deployment NEW_STAGED =
      new Deployment(
          "new",
          null,
          "ostree-unverified-registry:" + NEW,
          null,
          false,
          true,
          true,
          false,
          NEW_KARGS);
  static final Deployment NEW_BOOTED =
      new Deployment(
          "new",
          null,
          "ostree-unverified-registry:" + NEW,
          null,
          true,
          false,
          false,
          false,
          NEW_KARGS);
  static final Deployment OLD_ROLLBACK =
      new Deployment("old", null, OLD_REF, null, false, false, false, true, BOOT_KARGS);
  static final OsStatus OS0 = new OsStatus(List.of(OLD_BOOTED));
  static final OsStatus OS_STAGED = new OsStatus(List.of(NEW_STAGED, OLD_BOOTED));
  static final OsStatus OS_AFTER = new OsStatus(List.of(NEW_BOOTED, OLD_ROLLBACK));
  static final OsStatus OS_NO_ROLLBACK = new OsStatus(List.of(NEW_BOOTED));
  static final OsStatus OS_ROLLED_BACK =
      new OsStatus(
          List.of(
              new Deployment("old", null, OLD_REF, null, true, false, false, true, BOOT_KARGS),
              new Deployment(
                  "new",
                  null,
                  "ostree-unverified-registry:" + NEW,
                  null,
                  false,
                  false,
                  false,
                  false,
                  NEW_KARGS)));

  static UpdateState run(UpdateState s, UpdateEvent... events) {
    for (UpdateEvent e : events) {
      s = M.apply(s, e).state();
    }
    return s;
  }

  static SpecChanged spec(
      String rev, String image, org.openeuler.nestos.api.v1alpha1.Disruption d, FailureAction a) {
    return new SpecChanged(Specs.spec(rev, image, d, a), "rv");
  }

  /** A realistic state per phase. */
  static Map<UpdatePhase, UpdateState> fixtures() {
    Map<UpdatePhase, UpdateState> f = new EnumMap<>(UpdatePhase.class);
    UpdateState boot = run(UpdateState.initial(), new Restarted(null, OS0, "b1"));
    f.put(UpdatePhase.IDLE, run(boot, spec("r1", NEW, none(), FailureAction.RollbackNode)));
    f.put(
        UpdatePhase.DEGRADED,
        run(
            boot,
            spec("r1", "registry.example.com/os:latest", stage("r1"), FailureAction.RollbackNode)));
    UpdateState staging = run(boot, spec("r1", NEW, stage("r1"), FailureAction.RollbackNode));
    f.put(UpdatePhase.STAGING, staging);
    UpdateState staged = run(staging, new HostObserved(OS_STAGED, "b1"));
    f.put(UpdatePhase.STAGED, staged);
    UpdateState claiming =
        run(staged, spec("r1", NEW, reboot("b1", "r1"), FailureAction.RollbackNode));
    f.put(UpdatePhase.CLAIMING, claiming);
    UpdateState requested = run(claiming, new TicketAccepted(T1));
    f.put(UpdatePhase.REBOOT_REQUESTED, requested);
    UpdateState verifying = run(requested, new HostObserved(OS_AFTER, "b2"));
    f.put(UpdatePhase.VERIFYING, verifying);
    f.put(UpdatePhase.UPDATED, run(verifying, pass(0), pass(MIN_READY)));
    UpdateState rollingBack = run(verifying, new Tick(T0), new Tick(T0.plusSeconds(DEADLINE)));
    f.put(UpdatePhase.ROLLING_BACK, rollingBack);
    f.put(UpdatePhase.ROLLED_BACK, run(rollingBack, new HostObserved(OS_ROLLED_BACK, "b3")));
    UpdateState leave = run(claiming, spec("r1", NEW, reboot("b1", "r1"), FailureAction.LeaveNode));
    f.put(
        UpdatePhase.FAILED,
        run(
            leave.phase(UpdatePhase.CLAIMING, null),
            new TicketAccepted(T1),
            new HostObserved(OS_AFTER, "b2"),
            new Tick(T0),
            new Tick(T0.plusSeconds(DEADLINE))));
    f.put(
        UpdatePhase.ROLLBACK_UNAVAILABLE,
        run(
            verifying,
            new HostObserved(OS_NO_ROLLBACK, "b2"),
            new Tick(T0),
            new Tick(T0.plusSeconds(DEADLINE))));
    // an unreadable host record: nothing touches the OS, whatever the spec says
    f.put(
        UpdatePhase.HALTED,
        run(
            run(
                UpdateState.initial(),
                new Restarted(null, OS0, "b1", "corrupt update record /var/lib/nestos/x.json")),
            spec("r1", NEW, reboot("b1", "r1"), FailureAction.RollbackNode)));
    return f;
  }

  static HealthResult pass(int seconds) {
    return new HealthResult(true, T0.plusSeconds(seconds), List.of());
  }

  /** The canonical events, by column name. */
  static Map<String, Function<UpdateState, UpdateEvent>> events() {
    Map<String, Function<UpdateState, UpdateEvent>> e = new LinkedHashMap<>();
    e.put("SpecNewRev", s -> spec("r2", NEWER, stage("r2"), FailureAction.RollbackNode));
    e.put("HostSame", s -> new HostObserved(s.os(), s.bootId()));
    e.put(
        "HostUnplannedReboot",
        s ->
            new HostObserved(
                new OsStatus(s.os().deployments().stream().filter(d -> !d.staged()).toList()),
                s.bootId() + "'"));
    e.put("TicketAccepted", s -> new TicketAccepted(T1));
    e.put("ClaimConflict", s -> new TicketClaimConflict(T1));
    e.put("HealthPass", s -> new HealthResult(true, T0.plusSeconds(MIN_READY), List.of()));
    e.put("HealthFail", s -> new HealthResult(false, T0.plusSeconds(DEADLINE), List.of()));
    e.put("TickDeadline", s -> new Tick(T0.plusSeconds(DEADLINE)));
    e.put("Restarted", s -> new Restarted(s.record(), s.os(), s.bootId()));
    e.put("ActionFailed", s -> new ActionFailed("Stage", "boom"));
    return e;
  }

  static String outcome(Transition t) {
    String acts =
        t.actions().stream()
            .filter(a -> !(a instanceof UpdateAction.ReportStatus))
            .map(a -> a.getClass().getSimpleName())
            .collect(Collectors.joining("+"));
    return t.state().phase() + (acts.isEmpty() ? "" : " [" + acts + "]");
  }

  /**
   * phase | event | next phase [actions] (ReportStatus omitted). Unreachable in a real run, kept to
   * show they are ignored: TicketAccepted/ClaimConflict outside CLAIMING (only a ClaimTicket,
   * issued in CLAIMING, yields them), HealthPass/HealthFail/TickDeadline outside VERIFYING
   * (RunHealthChecks is issued only there; a late result is dropped), ActionFailed in phases that
   * issue no failing action (IDLE, DEGRADED, terminal phases: only Cleanup or RecordIntent, whose
   * failure changes nothing). The VERIFYING fixture has not started its deadline clock yet, so its
   * first time-bearing event only records the start (the deadline and minReady paths are the
   * ROLLING_BACK, FAILED, ROLLBACK_UNAVAILABLE and UPDATED fixtures). HALTED (an unreadable host
   * record) ignores everything but a restart that reads a record. Restarted resets in-memory phases
   * (STAGING, STAGED, CLAIMING, DEGRADED) to IDLE; the re-delivered spec re-plans them.
   */
  static final String EXPECTED =
      """
      IDLE | SpecNewRev | STAGING [Stage]
      IDLE | HostSame | IDLE
      IDLE | HostUnplannedReboot | IDLE
      IDLE | TicketAccepted | IDLE
      IDLE | ClaimConflict | IDLE
      IDLE | HealthPass | IDLE
      IDLE | HealthFail | IDLE
      IDLE | TickDeadline | IDLE
      IDLE | Restarted | IDLE
      IDLE | ActionFailed | IDLE
      DEGRADED | SpecNewRev | STAGING [Stage]
      DEGRADED | HostSame | DEGRADED
      DEGRADED | HostUnplannedReboot | DEGRADED
      DEGRADED | TicketAccepted | DEGRADED
      DEGRADED | ClaimConflict | DEGRADED
      DEGRADED | HealthPass | DEGRADED
      DEGRADED | HealthFail | DEGRADED
      DEGRADED | TickDeadline | DEGRADED
      DEGRADED | Restarted | IDLE
      DEGRADED | ActionFailed | DEGRADED
      STAGING | SpecNewRev | STAGING [Stage]
      STAGING | HostSame | STAGING
      STAGING | HostUnplannedReboot | STAGING
      STAGING | TicketAccepted | STAGING
      STAGING | ClaimConflict | STAGING
      STAGING | HealthPass | STAGING
      STAGING | HealthFail | STAGING
      STAGING | TickDeadline | STAGING
      STAGING | Restarted | IDLE
      STAGING | ActionFailed | DEGRADED
      STAGED | SpecNewRev | STAGING [Stage]
      STAGED | HostSame | STAGED
      STAGED | HostUnplannedReboot | STAGING [Stage]
      STAGED | TicketAccepted | STAGED
      STAGED | ClaimConflict | STAGED
      STAGED | HealthPass | STAGED
      STAGED | HealthFail | STAGED
      STAGED | TickDeadline | STAGED
      STAGED | Restarted | IDLE
      STAGED | ActionFailed | STAGED
      CLAIMING | SpecNewRev | CLAIMING
      CLAIMING | HostSame | CLAIMING
      CLAIMING | HostUnplannedReboot | CLAIMING
      CLAIMING | TicketAccepted | REBOOT_REQUESTED [RecordIntent+Pin+FinalizeAndReboot]
      CLAIMING | ClaimConflict | STAGED
      CLAIMING | HealthPass | CLAIMING
      CLAIMING | HealthFail | CLAIMING
      CLAIMING | TickDeadline | CLAIMING
      CLAIMING | Restarted | IDLE
      CLAIMING | ActionFailed | STAGED
      REBOOT_REQUESTED | SpecNewRev | REBOOT_REQUESTED
      REBOOT_REQUESTED | HostSame | REBOOT_REQUESTED
      REBOOT_REQUESTED | HostUnplannedReboot | FAILED [RecordIntent]
      REBOOT_REQUESTED | TicketAccepted | REBOOT_REQUESTED
      REBOOT_REQUESTED | ClaimConflict | REBOOT_REQUESTED
      REBOOT_REQUESTED | HealthPass | REBOOT_REQUESTED
      REBOOT_REQUESTED | HealthFail | REBOOT_REQUESTED
      REBOOT_REQUESTED | TickDeadline | REBOOT_REQUESTED
      REBOOT_REQUESTED | Restarted | REBOOT_REQUESTED [Pin+FinalizeAndReboot]
      REBOOT_REQUESTED | ActionFailed | FAILED [RecordIntent]
      VERIFYING | SpecNewRev | VERIFYING
      VERIFYING | HostSame | VERIFYING
      VERIFYING | HostUnplannedReboot | VERIFYING
      VERIFYING | TicketAccepted | VERIFYING
      VERIFYING | ClaimConflict | VERIFYING
      VERIFYING | HealthPass | VERIFYING [RecordIntent]
      VERIFYING | HealthFail | VERIFYING [RecordIntent]
      VERIFYING | TickDeadline | VERIFYING [RecordIntent+RunHealthChecks]
      VERIFYING | Restarted | VERIFYING [RunHealthChecks]
      VERIFYING | ActionFailed | VERIFYING
      UPDATED | SpecNewRev | STAGING [Stage]
      UPDATED | HostSame | UPDATED
      UPDATED | HostUnplannedReboot | UPDATED
      UPDATED | TicketAccepted | UPDATED
      UPDATED | ClaimConflict | UPDATED
      UPDATED | HealthPass | UPDATED
      UPDATED | HealthFail | UPDATED
      UPDATED | TickDeadline | UPDATED
      UPDATED | Restarted | UPDATED
      UPDATED | ActionFailed | UPDATED
      ROLLING_BACK | SpecNewRev | ROLLING_BACK
      ROLLING_BACK | HostSame | ROLLING_BACK
      ROLLING_BACK | HostUnplannedReboot | FAILED [RecordIntent]
      ROLLING_BACK | TicketAccepted | ROLLING_BACK
      ROLLING_BACK | ClaimConflict | ROLLING_BACK
      ROLLING_BACK | HealthPass | ROLLING_BACK
      ROLLING_BACK | HealthFail | ROLLING_BACK
      ROLLING_BACK | TickDeadline | ROLLING_BACK
      ROLLING_BACK | Restarted | ROLLING_BACK [Rollback]
      ROLLING_BACK | ActionFailed | FAILED [RecordIntent]
      ROLLED_BACK | SpecNewRev | STAGING [Stage]
      ROLLED_BACK | HostSame | ROLLED_BACK
      ROLLED_BACK | HostUnplannedReboot | ROLLED_BACK
      ROLLED_BACK | TicketAccepted | ROLLED_BACK
      ROLLED_BACK | ClaimConflict | ROLLED_BACK
      ROLLED_BACK | HealthPass | ROLLED_BACK
      ROLLED_BACK | HealthFail | ROLLED_BACK
      ROLLED_BACK | TickDeadline | ROLLED_BACK
      ROLLED_BACK | Restarted | ROLLED_BACK
      ROLLED_BACK | ActionFailed | ROLLED_BACK
      FAILED | SpecNewRev | STAGING [Stage]
      FAILED | HostSame | FAILED
      FAILED | HostUnplannedReboot | FAILED
      FAILED | TicketAccepted | FAILED
      FAILED | ClaimConflict | FAILED
      FAILED | HealthPass | FAILED
      FAILED | HealthFail | FAILED
      FAILED | TickDeadline | FAILED
      FAILED | Restarted | FAILED
      FAILED | ActionFailed | FAILED
      ROLLBACK_UNAVAILABLE | SpecNewRev | STAGING [Stage]
      ROLLBACK_UNAVAILABLE | HostSame | ROLLBACK_UNAVAILABLE
      ROLLBACK_UNAVAILABLE | HostUnplannedReboot | ROLLBACK_UNAVAILABLE
      ROLLBACK_UNAVAILABLE | TicketAccepted | ROLLBACK_UNAVAILABLE
      ROLLBACK_UNAVAILABLE | ClaimConflict | ROLLBACK_UNAVAILABLE
      ROLLBACK_UNAVAILABLE | HealthPass | ROLLBACK_UNAVAILABLE
      ROLLBACK_UNAVAILABLE | HealthFail | ROLLBACK_UNAVAILABLE
      ROLLBACK_UNAVAILABLE | TickDeadline | ROLLBACK_UNAVAILABLE
      ROLLBACK_UNAVAILABLE | Restarted | ROLLBACK_UNAVAILABLE
      ROLLBACK_UNAVAILABLE | ActionFailed | ROLLBACK_UNAVAILABLE
      HALTED | SpecNewRev | HALTED
      HALTED | HostSame | HALTED
      HALTED | HostUnplannedReboot | HALTED
      HALTED | TicketAccepted | HALTED
      HALTED | ClaimConflict | HALTED
      HALTED | HealthPass | HALTED
      HALTED | HealthFail | HALTED
      HALTED | TickDeadline | HALTED
      HALTED | Restarted | IDLE
      HALTED | ActionFailed | HALTED
      """;

  static Stream<Arguments> table() {
    Map<UpdatePhase, UpdateState> f = fixtures();
    List<Arguments> rows = new ArrayList<>();
    for (UpdatePhase p : UpdatePhase.values()) {
      for (var e : events().entrySet()) {
        rows.add(Arguments.of(p, e.getKey(), f.get(p), e.getValue()));
      }
    }
    return rows.stream();
  }

  @Test
  void tableCoversEveryCell() {
    assertThat(EXPECTED.lines().count())
        .isEqualTo((long) UpdatePhase.values().length * events().size());
  }

  @Test
  void everyPhaseHasAFixture() {
    Map<UpdatePhase, UpdateState> f = fixtures();
    for (UpdatePhase p : UpdatePhase.values()) {
      assertThat(f.get(p).phase()).as("fixture for %s", p).isEqualTo(p);
    }
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("table")
  void phaseTimesEvent(
      UpdatePhase p, String event, UpdateState s, Function<UpdateState, UpdateEvent> e) {
    String got = p + " | " + event + " | " + outcome(M.apply(s, e.apply(s)));
    assertThat(EXPECTED.lines().map(String::strip)).contains(got);
  }
}
