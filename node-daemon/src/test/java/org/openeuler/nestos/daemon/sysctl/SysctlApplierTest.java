package org.openeuler.nestos.daemon.sysctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.SysctlSummary;
import org.openeuler.nestos.daemon.core.sysctl.DesiredSysctl;
import org.openeuler.nestos.daemon.core.sysctl.SysctlFinding;
import org.openeuler.nestos.daemon.host.FakeHostFs;
import org.openeuler.nestos.daemon.sysctl.SysctlReport.Outcome;

class SysctlApplierTest {

  static final String SWAP = "/proc/sys/vm/swappiness";
  static final String RANGE = "/proc/sys/net/ipv4/ip_local_port_range";
  static final String DIRTY = "/proc/sys/vm/dirty_ratio";
  final SysctlPaths paths = SysctlPaths.defaults();
  FakeHostFs fs;
  SysctlApplier applier;

  @BeforeEach
  void host() {
    fs =
        new FakeHostFs()
            .file(SWAP, "60\n")
            .kernel(SWAP, FakeHostFs.plain())
            .file(RANGE, "32768\t60999\n")
            .kernel(RANGE, (cur, w) -> String.join("\t", w.strip().split("\\s+")) + "\n")
            .file(DIRTY, "20\n")
            .kernel(DIRTY, FakeHostFs.plain());
    applier = new SysctlApplier(fs, paths);
  }

  @Test
  void appliesPersistsAndCheckpointsBeforeTheFirstWrite() {
    SysctlReport r =
        applier.apply(
            List.of(
                DesiredSysctl.of("vm.swappiness", "10", "NodeConfig/a"),
                DesiredSysctl.of("net.ipv4.ip_local_port_range", "1024 65000", "NodeConfig/a")));
    assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(r.written()).containsExactly("net.ipv4.ip_local_port_range", "vm.swappiness");
    assertThat(fs.content(SWAP)).isEqualTo("10");
    assertThat(fs.content(RANGE)).isEqualTo("1024\t65000\n");
    assertThat(fs.content(paths.persistFile())).contains("vm.swappiness = 10");
    assertThat(fs.content(paths.checkpointFile())).contains("\"vm.swappiness\" : \"60\"");
    SysctlSummary s = r.toSummary();
    assertThat(s.applied()).isEqualTo(2);
    assertThat(s.issues())
        .extracting(i -> i.name() + ":" + i.reason())
        .containsExactly("net.ipv4.ip_local_port_range:NamespacedKey");

    int writes = fs.writes().size();
    SysctlReport again =
        applier.apply(
            List.of(
                DesiredSysctl.of("vm.swappiness", "10", "NodeConfig/a"),
                DesiredSysctl.of("net.ipv4.ip_local_port_range", "1024\t65000", "NodeConfig/a")));
    assertThat(again.written()).isEmpty();
    assertThat(fs.writes()).hasSize(writes);
  }

  @Test
  void rejectedPassWritesNothing() {
    SysctlReport r =
        applier.apply(
            List.of(
                DesiredSysctl.of("vm.swappiness", "10"),
                DesiredSysctl.of("kernel.panic", "10"),
                DesiredSysctl.of("vm.missing", "1")));
    assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(fs.writes()).isEmpty();
    assertThat(fs.exists(paths.checkpointFile())).isFalse();
    assertThat(r.toSummary().issues())
        .extracting(i -> i.name() + ":" + i.reason())
        .containsExactly("kernel.panic:KubeletManaged", "vm.missing:NotFound");
  }

  @Test
  void failedWriteUndoesThePass() {
    fs.kernel(
        SWAP,
        (cur, w) -> {
          throw new IOException("Invalid argument");
        });
    SysctlReport r =
        applier.apply(
            List.of(
                DesiredSysctl.of("vm.dirty_ratio", "30"), DesiredSysctl.of("vm.swappiness", "10")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(fs.content(DIRTY)).isEqualTo("20");
    assertThat(fs.writes()).containsExactly(DIRTY + "=30\n", DIRTY + "=20\n");
    assertThat(fs.exists(paths.persistFile())).isFalse();
    assertThat(r.findings()).extracting(SysctlFinding::name).containsExactly("vm.swappiness");
    assertThat(r.findings().get(0).message())
        .contains("Invalid argument")
        .contains("undid 1 earlier write");
    assertThat(r.toSummary().applied()).isZero();
  }

  @Test
  void valueTheKernelDoesNotTakeFailsThePass() {
    fs.kernel(SWAP, (cur, w) -> "100");
    SysctlReport r = applier.apply(List.of(DesiredSysctl.of("vm.swappiness", "1000")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.findings().get(0).message()).contains("reads back '100'");
  }

  @Test
  void failedPersistUndoesTheLiveWrites() {
    fs.failAtomicWrite(paths.persistFile(), new IOException("read-only file system"));
    SysctlReport r = applier.apply(List.of(DesiredSysctl.of("vm.swappiness", "10")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(fs.content(SWAP)).isEqualTo("60");
  }

  @Test
  void failedCheckpointWritesNothing() {
    fs.failAtomicWrite(paths.checkpointFile(), new IOException("disk full"));
    SysctlReport r = applier.apply(List.of(DesiredSysctl.of("vm.swappiness", "10")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(fs.writes()).isEmpty();
  }

  @Test
  void restartedDaemonRestoresWhatWasOursAndDetectsDrift() throws IOException {
    applier.apply(
        List.of(DesiredSysctl.of("vm.swappiness", "10"), DesiredSysctl.of("vm.dirty_ratio", "30")));
    fs.write(DIRTY, "25\n");
    SysctlApplier restarted = new SysctlApplier(fs, paths);
    assertThat(
            restarted.drift(
                List.of(
                    DesiredSysctl.of("vm.swappiness", "10"),
                    DesiredSysctl.of("vm.dirty_ratio", "30"))))
        .containsExactly("vm.dirty_ratio");
    SysctlReport r = restarted.apply(List.of(DesiredSysctl.of("vm.dirty_ratio", "30")));
    assertThat(r.restored()).containsExactly("vm.swappiness");
    assertThat(r.drifted()).containsExactly("vm.dirty_ratio");
    assertThat(fs.content(SWAP)).isEqualTo("60");
    assertThat(fs.content(DIRTY)).isEqualTo("30");
    SysctlReport none = restarted.apply(List.of());
    assertThat(none.restored()).containsExactly("vm.dirty_ratio");
    assertThat(fs.content(DIRTY)).isEqualTo("20");
    assertThat(fs.exists(paths.persistFile())).isFalse();
    assertThat(fs.content(paths.checkpointFile())).contains("\"originals\" : { }");
  }

  @Test
  void corruptCheckpointBlocksThePass() throws IOException {
    fs.writeAtomically(paths.checkpointFile(), "{oops");
    SysctlReport r = applier.apply(List.of(DesiredSysctl.of("vm.swappiness", "10")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(fs.writes()).isEmpty();
  }
}
