package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.daemon.core.update.Specs.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.daemon.core.update.UpdateAction.RecordIntent;
import org.openeuler.nestos.daemon.core.update.UpdateAction.ReportStatus;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.Restarted;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.SpecChanged;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.core.status.OsStatus;

/**
 * A NodeState with no OS target (a node only NodeConfigs or RubikPolicies select) reports its
 * revision as current, so that the NodeConfig status counts it as applied (found by the cluster
 * simulator: it stayed "0/2 applied").
 */
class NoOsTargetRevisionTest {

  private final UpdateMachine machine = new UpdateMachine(NODE, UID);
  private final OsStatus os =
      new OsStatus(
          List.of(new Deployment("c0", "1", OLD_REF, null, true, false, false, false, BOOT_KARGS)));

  private static NodeStateSpec liveOnly(String revision) {
    return liveOnly(revision, List.of());
  }

  private static NodeStateSpec liveOnly(String revision, List<OwnedKernelArgument> kargs) {
    return new NodeStateSpec(
        NODE,
        UID,
        revision,
        null,
        null,
        null,
        kargs,
        List.of(new OwnedSysctl("vm.swappiness", "10", List.of("NodeConfig/tuning"))),
        null,
        null,
        none());
  }

  @Test
  void aLiveOnlyRevisionBecomesCurrentAndIsRecordedAndReported() {
    UpdateState s = machine.apply(UpdateState.initial(), new Restarted(null, os, "b1")).state();
    Transition t = machine.apply(s, new SpecChanged(liveOnly("r-live"), "1"));
    assertThat(t.state().phase()).isEqualTo(UpdatePhase.IDLE);
    assertThat(t.state().record().currentRevision()).isEqualTo("r-live");
    assertThat(t.actions()).hasAtLeastOneElementOfType(RecordIntent.class);
    assertThat(t.actions())
        .filteredOn(ReportStatus.class::isInstance)
        .singleElement()
        .satisfies(
            a -> assertThat(((ReportStatus) a).status().currentRevision()).isEqualTo("r-live"));

    assertThat(t.actions())
        .filteredOn(ReportStatus.class::isInstance)
        .singleElement()
        .satisfies(
            a ->
                assertThat(((ReportStatus) a).status().conditions())
                    .filteredOn(c -> c.getType().equals("Updated"))
                    .singleElement()
                    .satisfies(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("True");
                          assertThat(c.getReason()).isEqualTo("UpToDate");
                        }));
    assertThat(StatusProjection.project(s).conditions())
        .as("before its revision is recorded the node is not up to date")
        .filteredOn(c -> c.getType().equals("Updated"))
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));

    Transition again = machine.apply(t.state(), new SpecChanged(liveOnly("r-live"), "2"));
    assertThat(again.actions()).as("same revision: nothing to record or report").isEmpty();
  }

  /**
   * Issue 15 item 2: kernel arguments of a node no OSVersion selects wait for a reboot nobody
   * plans; the node is not at its revision, and its status says why instead of "UpToDate".
   */
  @Test
  void kernelArgumentsOfANodeNoOsVersionSelectsKeepItsRevisionPendingAndSaySo() {
    UpdateState s = machine.apply(UpdateState.initial(), new Restarted(null, os, "b1")).state();
    Transition t =
        machine.apply(
            s,
            new SpecChanged(
                liveOnly(
                    "r-karg",
                    List.of(new OwnedKernelArgument("nosmt", List.of("NodeConfig/tuning")))),
                "1"));
    assertThat(t.state().phase()).isEqualTo(UpdatePhase.IDLE);
    assertThat(t.state().record().currentRevision()).isNotEqualTo("r-karg");
    var conditions = StatusProjection.project(t.state()).conditions();
    assertThat(conditions)
        .filteredOn(c -> c.getType().equals("Updated"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("KernelArgumentsPending");
            });
    assertThat(conditions)
        .filteredOn(c -> c.getType().equals("RebootPending"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getMessage()).contains("[+nosmt]").contains("no OSVersion selects");
            });
  }
}
