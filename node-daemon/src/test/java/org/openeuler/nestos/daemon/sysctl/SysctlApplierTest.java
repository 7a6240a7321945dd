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

  // --- issue 11 j ---

  @Test
  void anEmptyCheckpointIsReportedAndLosesNoOriginal() {
    // the project wrote 10 earlier (original 60); the checkpoint was then torn to nothing
    fs.file(SWAP, "10").file(paths.persistFile(), "vm.swappiness = 10\n");
    fs.file(paths.checkpointFile(), "");
    SysctlReport r =
        applier.apply(List.of(DesiredSysctl.of("vm.swappiness", "20", "NodeConfig/a")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo(paths.checkpointFile());
              assertThat(f.message()).contains("empty", "originals");
            });
    assertThat(fs.content(paths.checkpointFile()))
        .as("10 is never recorded as the original")
        .isEmpty();
    assertThat(fs.content(SWAP)).isEqualTo("10");
  }

  @Test
  void removingThePersistedFileIsDurable() {
    List<String> deletes = new java.util.ArrayList<>();
    SysctlApplier recorded = new SysctlApplier(new RecordingDeletes(fs, deletes), paths);
    recorded.apply(List.of(DesiredSysctl.of("vm.swappiness", "10", "NodeConfig/a")));
    assertThat(fs.content(paths.persistFile())).contains("vm.swappiness = 10");
    SysctlReport r = recorded.apply(List.of());
    assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(fs.content(paths.persistFile())).isNull();
    assertThat(deletes).containsExactly("deleteDurably " + paths.persistFile());
  }

  /** Delegates to a {@link FakeHostFs}, recording how files are deleted. */
  static final class RecordingDeletes implements org.openeuler.nestos.daemon.host.HostFs {
    private final FakeHostFs fs;
    private final List<String> deletes;

    RecordingDeletes(FakeHostFs fs, List<String> deletes) {
      this.fs = fs;
      this.deletes = deletes;
    }

    @Override
    public java.util.Optional<String> read(String path) {
      return fs.read(path);
    }

    @Override
    public void write(String path, String content) throws IOException {
      fs.write(path, content);
    }

    @Override
    public void writeAtomically(String path, String content) throws IOException {
      fs.writeAtomically(path, content);
    }

    @Override
    public void replace(String path, String content) throws IOException {
      fs.replace(path, content);
    }

    @Override
    public boolean exists(String path) {
      return fs.exists(path);
    }

    @Override
    public boolean isWritable(String path) {
      return fs.isWritable(path);
    }

    @Override
    public List<String> list(String directory) {
      return fs.list(directory);
    }

    @Override
    public void createDirectories(String directory) {
      fs.createDirectories(directory);
    }

    @Override
    public void delete(String path) throws IOException {
      deletes.add("delete " + path);
      fs.delete(path);
    }

    // no @Override: the test compiles (and fails) against a HostFs without durable deletes
    public void deleteDurably(String path) throws IOException {
      deletes.add("deleteDurably " + path);
      fs.delete(path);
    }
  }
}
