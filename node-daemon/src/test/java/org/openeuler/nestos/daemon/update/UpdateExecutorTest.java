package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.daemon.core.update.Specs.*;

import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.daemon.core.update.HostRecord;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.SpecChanged;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.ostree.core.status.Deployment;

/** The machine + executor on InMemoryOsHost and FakeHostFs, end to end. */
class UpdateExecutorTest {

  @Test
  void stageClaimRebootVerifyUpdated() throws Exception {
    UpdateHarness h = new UpdateHarness();
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    Deployment staged = h.fake.status().staged().orElseThrow();
    assertThat(staged.finalizationLocked()).isTrue();
    assertThat(staged.kernelArguments()).contains("mitigations=auto");
    assertThat(h.run()).isEqualTo(UpdatePhase.UPDATED);
    assertThat(h.fake.reboots()).isEqualTo(1);
    Deployment booted = h.fake.status().booted().orElseThrow();
    assertThat(booted.imageReference()).contains(NEW);
    // the rollback deployment was pinned before the finalize
    assertThat(h.fake.calls())
        .filteredOn(c -> c.startsWith("pin") || c.startsWith("finalize"))
        .first()
        .asString()
        .startsWith("pin");
    assertThat(h.fake.status().rollback().orElseThrow().pinned()).isTrue();
    HostRecord rec = h.store.load().orElseThrow();
    assertThat(rec.phase()).isEqualTo(UpdatePhase.UPDATED);
    assertThat(rec.count("r1").forward()).isEqualTo(1);
    var last = h.reports.get(h.reports.size() - 1);
    assertThat(last.currentRevision()).isEqualTo("r1");
    assertThat(last.acceptedTicket()).isEqualTo(Specs.ticket(h.grantedBootId, "r1"));
    assertThat(last.appliedKernelArguments()).containsExactly("mitigations=auto");
    assertThat(last.healthChecks())
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.lastTransitionTime()).isNotNull());
    assertThat(last.conditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Updated");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    // a restart after the completed reboot does not reboot again
    h.restart();
    h.restart();
    assertThat(h.phase()).isEqualTo(UpdatePhase.UPDATED);
    assertThat(h.fake.reboots()).isEqualTo(1);
  }

  @Test
  void failingHealthRollsBack() throws Exception {
    UpdateHarness h = new UpdateHarness();
    h.healthy = false;
    assertThat(h.run()).isEqualTo(UpdatePhase.ROLLED_BACK);
    assertThat(h.fake.reboots()).isEqualTo(2);
    assertThat(h.fake.status().booted().orElseThrow().imageReference()).isEqualTo(OLD_REF);
    assertThat(h.store.load().orElseThrow().lastFailedRevision()).isEqualTo("r1");
    assertThat(h.forwardReboots("r1")).isEqualTo(1);
    assertThat(h.rollbackReboots("r1")).isEqualTo(1);
    h.restart();
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.ROLLED_BACK);
    assertThat(h.fake.reboots()).isEqualTo(2);
  }

  /**
   * Issue 15: verification compares the wanted kernel arguments with the running kernel's command
   * line, not with the deployment's boot entry: a boot loader that passed the old line fails the
   * update (the deployment itself carries the argument).
   */
  @Test
  void aKernelBootedWithoutTheWantedArgumentsFailsVerificationAndRollsBack() throws Exception {
    UpdateHarness h = new UpdateHarness();
    h.fake.staleBootEntries();
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    assertThat(h.run()).isEqualTo(UpdatePhase.ROLLED_BACK);
    assertThat(h.state().reason().text())
        .contains("the kernel booted without [mitigations=auto] (/proc/cmdline)");
    assertThat(h.fake.status().booted().orElseThrow().imageReference()).isEqualTo(OLD_REF);
    assertThat(h.store.load().orElseThrow().lastFailedRevision()).isEqualTo("r1");
    assertThat(h.rollbackReboots("r1")).isEqualTo(1);
  }

  @Test
  void leaveNodeFailsWithoutRollback() {
    UpdateHarness h = new UpdateHarness();
    h.healthy = false;
    h.failureAction = HealthGate.FailureAction.LeaveNode;
    assertThat(h.run()).isEqualTo(UpdatePhase.FAILED);
    assertThat(h.fake.reboots()).isEqualTo(1);
    assertThat(h.fake.calls()).noneMatch(c -> c.startsWith("rollback"));
    assertThat(h.state().reason().text()).contains("LeaveNode");
  }

  @Test
  void staleTicketIsIgnored() {
    UpdateHarness h = new UpdateHarness();
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    h.deliver(new SpecChanged(Specs.spec("r1", NEW, reboot("t-old", "other-boot", "r1")), "rv"));
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    assertThat(h.state().reason().text())
        .contains("stale ticket t-old")
        .contains("bootID other-boot");
    h.deliver(new SpecChanged(Specs.spec("r1", NEW, reboot("t-old", h.fake.bootId(), "r0")), "rv"));
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    assertThat(h.state().reason().text()).contains("revision r0");
    assertThat(h.fake.reboots()).isZero();
    assertThat(h.reports.get(h.reports.size() - 1).acceptedTicket()).isNull();
  }

  @Test
  void missingRollbackDeploymentMeansNoReboot() {
    UpdateHarness h = new UpdateHarness();
    h.healthy = false;
    h.operator();
    h.hideRollback = true;
    assertThat(h.run()).isEqualTo(UpdatePhase.ROLLBACK_UNAVAILABLE);
    assertThat(h.fake.reboots()).isEqualTo(1);
    assertThat(h.rollbackReboots("r1")).isZero();
  }

  @Test
  void aLostClaimIsRetriedWithTheNodeStateReadAgainAtMostFiveTimes() {
    UpdateHarness h = new UpdateHarness();
    h.claimConflicts = true;
    h.operator();
    assertThat(h.rereads).as("no claim yet: nothing re-read").isZero();
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    assertThat(h.fake.reboots()).isZero();
    assertThat(h.rereads).isEqualTo(UpdateAgent.CLAIM_REREADS);
    h.claimConflicts = false;
    assertThat(h.run()).isEqualTo(UpdatePhase.UPDATED);
    assertThat(h.rereads).as("no conflict, no re-read").isEqualTo(UpdateAgent.CLAIM_REREADS);
  }

  @Test
  void aLostClaimResolvedByTheFreshReadRebootsInTheSameDelivery() {
    UpdateHarness h = new UpdateHarness();
    h.claimConflicts = true;
    h.onReread = () -> h.claimConflicts = false;
    h.operator();
    h.operator();
    assertThat(h.rereads).isEqualTo(1);
    assertThat(h.fake.reboots()).as("granted, claimed on the fresh read, rebooted").isEqualTo(1);
    assertThat(h.phaseChanges).anySatisfy(c -> assertThat(c).startsWith("STAGED->"));
  }

  @Test
  void invalidSpecIsDegradedAndNothingApplied() {
    UpdateHarness h = new UpdateHarness();
    h.deliver(
        new SpecChanged(
            Specs.spec("r1", "registry.example.com/nestos/os:latest", stage("r1")), "rv"));
    assertThat(h.phase()).isEqualTo(UpdatePhase.DEGRADED);
    assertThat(h.state().reason().text()).startsWith("InvalidSpec: osImage");
    var bad =
        new org.openeuler.nestos.api.v1alpha1.NodeStateSpec(
            NODE,
            UID,
            "r1",
            NEW,
            null,
            null,
            java.util.List.of(
                new org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument("root=/dev/sda", null)),
            null,
            null,
            null,
            stage("r1"));
    h.deliver(new SpecChanged(bad, "rv"));
    assertThat(h.phase()).isEqualTo(UpdatePhase.DEGRADED);
    assertThat(h.state().reason().text()).startsWith("InvalidSpec: kernelArguments");
    assertThat(h.fake.calls()).isEmpty();
    // another node's NodeState is ignored
    var other =
        new org.openeuler.nestos.api.v1alpha1.NodeStateSpec(
            "node-b", "uid-b", "r1", NEW, null, null, null, null, null, null, stage("r1"));
    h.deliver(new SpecChanged(other, "rv"));
    assertThat(h.phase()).isEqualTo(UpdatePhase.DEGRADED);
    assertThat(h.fake.calls()).isEmpty();
  }

  @Test
  void unplannedRebootKeepsTheOldOsAndRestages() {
    UpdateHarness h = new UpdateHarness();
    h.operator();
    h.fake.unplannedReboot();
    h.deliver(
        new org.openeuler.nestos.daemon.core.update.UpdateEvent.HostObserved(
            h.fake.status(), h.fake.bootId()));
    assertThat(h.fake.status().booted().orElseThrow().imageReference()).isEqualTo(OLD_REF);
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    assertThat(h.fake.calls()).filteredOn(c -> c.startsWith("stage")).hasSize(2);
  }
}
