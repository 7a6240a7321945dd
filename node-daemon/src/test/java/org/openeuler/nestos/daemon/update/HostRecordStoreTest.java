package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.daemon.core.update.HostRecord;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.daemon.host.FakeHostFs;

class HostRecordStoreTest {

  @Test
  void roundTripsDurablyAndRefusesCorruptFiles() throws IOException {
    FakeHostFs fs = new FakeHostFs();
    HostRecordStore store = new HostRecordStore(fs);
    assertThat(store.load()).isEmpty();
    HostRecord r =
        HostRecord.EMPTY.toBuilder()
            .newRevision("r1")
            .ticket("t1")
            .phase(UpdatePhase.REBOOT_REQUESTED)
            .intent(HostRecord.Intent.REBOOT, "b1")
            .target("ostree-unverified-registry:" + Specs.NEW, List.of("quiet"))
            .expectedChecksum("new")
            .rollbackChecksum("old")
            .healthGate(Specs.gate(HealthGate.FailureAction.LeaveNode))
            .countReboot(false)
            .build();
    store.save(r);
    assertThat(fs.content(HostRecordStore.DEFAULT_PATH)).contains("\"expectedChecksum\" : \"new\"");
    assertThat(store.load()).contains(r);
    fs.file(HostRecordStore.DEFAULT_PATH, "{not json");
    assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    fs.file(HostRecordStore.DEFAULT_PATH, "{\"version\":2,\"record\":{}}");
    assertThatThrownBy(store::load)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unsupported");
  }

  @Test
  void keepsCountsForABoundedNumberOfRevisions() {
    HostRecord.Builder b = HostRecord.EMPTY.toBuilder();
    for (int i = 0; i < HostRecord.MAX_REVISIONS + 5; i++) {
      b.newRevision("r" + i).countReboot(false);
    }
    HostRecord r = b.build();
    assertThat(r.reboots())
        .hasSize(HostRecord.MAX_REVISIONS)
        .containsKey("r" + (HostRecord.MAX_REVISIONS + 4));
  }

  /**
   * Reasons are typed in memory and kept as "Reason: message" on the host, the form older daemons
   * wrote: a record from one reads back with its code, and an unknown code keeps its text.
   */
  @Test
  void reasonsAreWrittenAsTextAndReadBackTyped() throws IOException {
    FakeHostFs fs = new FakeHostFs();
    HostRecordStore store = new HostRecordStore(fs);
    HostRecord r =
        HostRecord.EMPTY.toBuilder()
            .newRevision("r1")
            .reason(
                org.openeuler.nestos.daemon.core.update.Reason.of(
                    org.openeuler.nestos.api.ConditionReason.BOOT_FAILED, "3 attempts: failed"))
            .build();
    store.save(r);
    assertThat(fs.read(HostRecordStore.DEFAULT_PATH).orElseThrow())
        .contains("\"BootFailed: 3 attempts: failed\"");
    var back = store.load().orElseThrow().reason();
    assertThat(back.code()).isEqualTo(org.openeuler.nestos.api.ConditionReason.BOOT_FAILED);
    assertThat(back.message()).isEqualTo("3 attempts: failed");
    var unknown = org.openeuler.nestos.daemon.core.update.Reason.parse("Zapped: by a newer daemon");
    assertThat(unknown.code()).isNull();
    assertThat(unknown.text()).isEqualTo("Zapped: by a newer daemon");
    assertThat(
            org.openeuler.nestos.daemon.core.update.Reason.code(
                unknown, org.openeuler.nestos.api.ConditionReason.NODE_FAILED))
        .isEqualTo(org.openeuler.nestos.api.ConditionReason.NODE_FAILED);
  }
}
