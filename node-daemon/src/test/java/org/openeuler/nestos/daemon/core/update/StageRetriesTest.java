package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.daemon.core.update.Specs.*;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.core.update.UpdateAction.RecordIntent;
import org.openeuler.nestos.daemon.core.update.UpdateAction.Stage;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.ActionFailed;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.Restarted;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.SpecChanged;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.Tick;

/**
 * A failed stage is tried again after a delay, {@link StageRetries#ATTEMPTS} times in all, then the
 * revision fails (found by the chaos runner, docs/chaos.md: a node whose pull failed kept its grant
 * and its cordon for ever, and the rollout never ended).
 */
class StageRetriesTest {

  static final UpdateMachine M = new UpdateMachine(NODE, UID);
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  static Transition grantedAndStaging(String revision) {
    UpdateState s =
        M.apply(UpdateState.initial(), new Restarted(null, UpdateMachineTableTest.OS0, "b1"))
            .state();
    Transition t = M.apply(s, new SpecChanged(spec(revision, NEW, reboot("b1", revision)), "rv"));
    assertThat(t.state().phase()).isEqualTo(UpdatePhase.STAGING);
    assertThat(t.actions()).anyMatch(a -> a instanceof Stage);
    return t;
  }

  static Transition fail(UpdateState s) {
    return M.apply(s, new ActionFailed("Stage", "cannot pull: registry answered 503"));
  }

  @Test
  void aFailedStageIsRetriedOnTheNextTickWithoutFailingTheRevision() {
    Transition failed = fail(grantedAndStaging("r1").state());
    assertThat(failed.state().phase()).isEqualTo(UpdatePhase.DEGRADED);
    assertThat(failed.state().reason().text()).contains("attempt 1 of 3, retrying");
    assertThat(StageRetries.retryPending(failed.state())).isTrue();
    assertThat(failed.state().record().lastFailedRevision()).isNull();

    Transition retried = M.apply(failed.state(), new Tick(NOW));
    assertThat(retried.state().phase()).isEqualTo(UpdatePhase.STAGING);
    assertThat(retried.actions()).anyMatch(a -> a instanceof Stage);
    assertThat(retried.state().stageFailures().count()).as("the count is kept").isEqualTo(1);
  }

  @Test
  void theThirdFailureFailsTheRevisionSoTheOperatorCanTakeTheGrantBack() {
    UpdateState s = grantedAndStaging("r1").state();
    for (int attempt = 1; attempt < StageRetries.ATTEMPTS; attempt++) {
      s = fail(s).state();
      assertThat(s.phase()).as("after attempt " + attempt).isEqualTo(UpdatePhase.DEGRADED);
      s = M.apply(s, new Tick(NOW)).state();
      assertThat(s.phase()).isEqualTo(UpdatePhase.STAGING);
    }
    Transition last = fail(s);
    assertThat(last.state().phase()).isEqualTo(UpdatePhase.FAILED);
    assertThat(last.state().record().lastFailedRevision()).isEqualTo("r1");
    assertThat(last.state().reason().text()).startsWith("ApplyFailed").contains("3 attempts");
    assertThat(last.actions()).anyMatch(a -> a instanceof RecordIntent);
    assertThat(StageRetries.retryPending(last.state())).isFalse();
    // the failed revision is not staged again at the next spec event
    Transition again = M.apply(last.state(), new SpecChanged(last.state().spec(), "rv9"));
    assertThat(again.actions()).noneMatch(a -> a instanceof Stage);
  }

  @Test
  void aNewRevisionStartsCountingAgain() {
    UpdateState s =
        fail(fail(M.apply(fail(grantedAndStaging("r1").state()).state(), new Tick(NOW)).state())
                .state())
            .state();
    assertThat(s.stageFailures().count()).isEqualTo(2);
    Transition r2 = M.apply(s, new SpecChanged(spec("r2", NEW, reboot("b1", "r2")), "rv2"));
    Transition failedOnce = fail(r2.state());
    assertThat(failedOnce.state().phase()).isEqualTo(UpdatePhase.DEGRADED);
    assertThat(failedOnce.state().stageFailures()).isEqualTo(new StageRetries.Failures("r2", 1));
  }

  @Test
  void aFailureOnlyAnAdminCanEndIsAConditionNotARetryLoop() {
    for (var code :
        java.util.List.of(
            org.openeuler.nestos.api.ConditionReason.UPDATE_DRIVER_REGISTERED,
            org.openeuler.nestos.api.ConditionReason.PULL_SECRET_MISSING)) {
      Transition t =
          M.apply(
              grantedAndStaging("r1").state(), new ActionFailed("Stage", "needs the admin", code));
      assertThat(t.state().phase()).isEqualTo(UpdatePhase.DEGRADED);
      assertThat(t.state().reason().text()).startsWith(code.value());
      assertThat(StageRetries.retryPending(t.state())).as(code.value()).isFalse();
      assertThat(M.apply(t.state(), new Tick(NOW)).actions()).noneMatch(a -> a instanceof Stage);
    }
  }

  @Test
  void stagingEarlyUnderAStageGrantIsRetriedWithoutEndAndNeverFailsTheRevision() {
    UpdateState s =
        M.apply(UpdateState.initial(), new Restarted(null, UpdateMachineTableTest.OS0, "b1"))
            .state();
    s = M.apply(s, new SpecChanged(spec("r1", NEW, stage("r1")), "rv")).state();
    assertThat(s.phase()).isEqualTo(UpdatePhase.STAGING);
    for (int attempt = 1; attempt <= 5; attempt++) {
      s = fail(s).state();
      assertThat(s.phase()).as("attempt " + attempt).isEqualTo(UpdatePhase.DEGRADED);
      assertThat(s.record().lastFailedRevision()).isNull();
      assertThat(s.reason().text()).contains("staging early");
      s = M.apply(s, new Tick(NOW)).state();
      assertThat(s.phase()).isEqualTo(UpdatePhase.STAGING);
    }
    // its turn comes: under the Reboot grant the failures so far count, the next one fails it
    s = M.apply(s, new SpecChanged(spec("r1", NEW, reboot("b1", "r1")), "rv2")).state();
    assertThat(s.phase()).isEqualTo(UpdatePhase.STAGING);
    assertThat(fail(s).state().phase()).isEqualTo(UpdatePhase.FAILED);
  }

  /** Chaos seed 35 (docs/chaos.md): a claim the API server refused was never tried again. */
  @Test
  void aFailedClaimIsTriedAgainAtTheNextTick() {
    UpdateState s =
        M.apply(UpdateState.initial(), new Restarted(null, UpdateMachineTableTest.OS0, "b1"))
            .state();
    s = M.apply(s, new SpecChanged(spec("r1", NEW, reboot("b1", "r1")), "rv")).state();
    s =
        M.apply(
                s,
                new org.openeuler.nestos.daemon.core.update.UpdateEvent.HostObserved(
                    UpdateMachineTableTest.OS_STAGED, "b1"))
            .state();
    assertThat(s.phase()).isEqualTo(UpdatePhase.CLAIMING);
    Transition refused = M.apply(s, new ActionFailed("ClaimTicket", "HTTP 503"));
    assertThat(refused.state().phase()).isEqualTo(UpdatePhase.STAGED);
    assertThat(StageRetries.retryPending(refused.state())).isTrue();
    Transition again = M.apply(refused.state(), new Tick(NOW));
    assertThat(again.state().phase()).isEqualTo(UpdatePhase.CLAIMING);
    assertThat(again.actions()).anyMatch(a -> a instanceof UpdateAction.ClaimTicket);
    assertThat(StageRetries.retryPending(again.state())).isFalse();
  }

  @Test
  void theDelayDoubles() {
    assertThat(StageRetries.delayTicks(1)).isEqualTo(2);
    assertThat(StageRetries.delayTicks(2)).isEqualTo(4);
    assertThat(StageRetries.delayTicks(60)).isEqualTo(64);
  }
}
