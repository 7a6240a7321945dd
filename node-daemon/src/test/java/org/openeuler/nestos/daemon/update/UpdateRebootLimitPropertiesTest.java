package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdateEvent;

/**
 * For random sequences of operator passes, ticks, health flips, new revisions, claim conflicts,
 * unplanned reboots, daemon restarts and crashes between actions, no revision ever gets more than
 * one forward and one rollback reboot.
 */
class UpdateRebootLimitPropertiesTest {

  enum Op {
    OPERATOR,
    TICK,
    TICK_LONG,
    HEALTH_FLIP,
    NEW_REVISION,
    CLAIM_CONFLICT_FLIP,
    UNPLANNED_REBOOT,
    RESTART,
    CRASH_SOON
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    return Arbitraries.of(Op.class).list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 300)
  void atMostOneForwardAndOneRollbackRebootPerRevision(
      @ForAll("ops") List<Op> ops, @ForAll("crashOffsets") int crashOffset) {
    UpdateHarness h = new UpdateHarness();
    int revisions = 1;
    for (Op op : ops) {
      switch (op) {
        case OPERATOR -> h.operator();
        case TICK -> tick(h, 10);
        case TICK_LONG -> tick(h, 120);
        case HEALTH_FLIP -> h.healthy = !h.healthy;
        case NEW_REVISION -> {
          revisions++;
          h.revision = "r" + revisions;
          h.image = List.of(Specs.NEW, Specs.NEWER, Specs.OLD).get(revisions % 3);
          h.grantedBootId = null;
        }
        case CLAIM_CONFLICT_FLIP -> h.claimConflicts = !h.claimConflicts;
        case UNPLANNED_REBOOT -> {
          h.fake.unplannedReboot();
          h.restart();
        }
        case RESTART -> h.restart();
        case CRASH_SOON -> h.crashBefore = h.actionsRun + crashOffset;
        default -> throw new IllegalStateException();
      }
      for (String rev : h.rebootsByRevision.keySet()) {
        assertThat(h.forwardReboots(rev))
            .as("forward reboots of %s after %s", rev, ops)
            .isLessThanOrEqualTo(1);
        assertThat(h.rollbackReboots(rev))
            .as("rollback reboots of %s after %s", rev, ops)
            .isLessThanOrEqualTo(1);
      }
    }
  }

  @Provide
  Arbitrary<Integer> crashOffsets() {
    return Arbitraries.integers().between(1, 6);
  }

  private static void tick(UpdateHarness h, int seconds) {
    h.clock.advance(Duration.ofSeconds(seconds));
    h.deliver(new UpdateEvent.Tick(h.clock.instant()));
  }
}
