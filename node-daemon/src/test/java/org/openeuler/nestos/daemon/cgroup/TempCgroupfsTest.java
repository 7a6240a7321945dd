package org.openeuler.nestos.daemon.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult;
import org.openeuler.nestos.daemon.core.cgroup.CgroupRestoreResult;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.rubik.core.plan.Backend;
import org.openeuler.nestos.rubik.core.plan.CgroupRestore;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.Feature;

/**
 * openEuler v1 and cgroup v2 files the machine lacks, in a temp-dir cgroupfs with kernel-like
 * formats.
 */
class TempCgroupfsTest {

  static final String V1 = "/sys/fs/cgroup";
  static final String POD = "kubepods/besteffort/podB";

  @TempDir Path root;
  RootedHostFs dir;
  CgroupWriter writer;

  @BeforeEach
  void setUp() {
    dir = new RootedHostFs(root);
    writer = new CgroupWriter(new KernelRulesHostFs(dir), new CheckpointStore(dir));
  }

  void file(String path, String content) throws IOException {
    dir.createDirectories(path.substring(0, path.lastIndexOf('/')));
    dir.writeAtomically(path, content);
  }

  static CgroupWrite w(Feature f, Backend b, String file, String value) {
    return new CgroupWrite("B", f, b, file, value);
  }

  @Test
  void openEulerQosLevelCanOnlyGoDown() throws IOException {
    String cpu = V1 + "/cpu/" + POD + "/cpu.qos_level";
    String mem = V1 + "/memory/" + POD + "/memory.qos_level";
    file(cpu, "0\n");
    file(mem, "0\n");
    CgroupApplyResult r =
        writer.apply(
            List.of(
                w(Feature.CPU_PREEMPTION, Backend.CPU_QOS_LEVEL, cpu, "-1"),
                w(Feature.MEMORY_PREEMPTION, Backend.MEMORY_QOS_LEVEL, mem, "-1")));
    assertThat(r.ok()).as(r.toString()).isTrue();
    assertThat(dir.read(cpu)).contains("-1\n");

    // A direct write of 0 after -1 fails like the kernel; the writer reports it for that pod and
    // feature only.
    CgroupApplyResult up =
        writer.apply(
            List.of(
                w(Feature.CPU_PREEMPTION, Backend.CPU_QOS_LEVEL, cpu, "0"),
                w(Feature.MEMORY_PREEMPTION, Backend.MEMORY_QOS_LEVEL, mem, "0")));
    assertThat(up.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.feature()).isEqualTo(Feature.CPU_PREEMPTION);
              assertThat(f.reason()).contains("Invalid argument");
            });
    assertThat(up.applied())
        .extracting(CgroupWrite::feature)
        .containsExactly(Feature.MEMORY_PREEMPTION);

    // Restore: cpu.qos_level is refused and stays checkpointed (pod needs a restart).
    CgroupRestoreResult back = writer.restore("B");
    assertThat(back.restored()).containsExactly(mem);
    assertThat(back.failed()).singleElement().satisfies(f -> assertThat(f.file()).isEqualTo(cpu));
    assertThat(writer.originals().applied())
        .extracting(CgroupWrite::backend)
        .containsExactly(Backend.CPU_QOS_LEVEL);
  }

  @Test
  void cgroupV2FilesInKernelFormat() throws IOException {
    String pod = "/sys/fs/cgroup/" + POD;
    file(pod + "/cpu.weight", "100\n");
    file(pod + "/cpu.max", "50000 100000\n");
    file(pod + "/cpu.max.burst", "0\n");
    file(pod + "/io.weight", "default 100\n");
    file(pod + "/memory.high", "max\n");
    List<CgroupWrite> plan =
        List.of(
            w(Feature.CPU_PREEMPTION, Backend.CPU_WEIGHT, pod + "/cpu.weight", "1"),
            w(Feature.MEMORY_PREEMPTION, Backend.MEMORY_HIGH_LOW, pod + "/memory.high", "1000000"),
            w(Feature.QUOTA_BURST, Backend.CPU_MAX_BURST, pod + "/cpu.max.burst", "20000"),
            w(Feature.IO_WEIGHT, Backend.IO_WEIGHT, pod + "/io.weight", "10"));
    CgroupApplyResult r = writer.apply(plan);
    assertThat(r.ok()).as(r.toString()).isTrue();
    assertThat(r.applied()).hasSize(4);
    assertThat(dir.read(pod + "/io.weight")).contains("default 10\n");
    assertThat(dir.read(pod + "/memory.high")).contains("999424\n");
    assertThat(writer.drifted(plan)).isEmpty();

    CgroupApplyResult over =
        writer.apply(
            List.of(
                w(Feature.QUOTA_BURST, Backend.CPU_MAX_BURST, pod + "/cpu.max.burst", "60000")));
    assertThat(over.failed())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("Invalid argument"));

    // The planner's restores (e.g. policy narrowed to CPU only): only those files go back.
    List<CgroupRestoreResult> back =
        writer.restore(
            List.of(
                new CgroupRestore("B", Feature.IO_WEIGHT, Backend.IO_WEIGHT, pod + "/io.weight"),
                new CgroupRestore(
                    "B",
                    Feature.MEMORY_PREEMPTION,
                    Backend.MEMORY_HIGH_LOW,
                    pod + "/memory.high")));
    assertThat(back).singleElement().satisfies(b -> assertThat(b.ok()).isTrue());
    assertThat(dir.read(pod + "/io.weight")).contains("default 100\n");
    assertThat(dir.read(pod + "/memory.high")).contains("max\n");
    assertThat(writer.originals().applied())
        .extracting(CgroupWrite::backend)
        .containsExactly(Backend.CPU_WEIGHT, Backend.CPU_MAX_BURST);

    assertThat(writer.restoreAll()).allSatisfy(b -> assertThat(b.ok()).isTrue());
    assertThat(dir.read(pod + "/cpu.weight")).contains("100\n");
    assertThat(dir.read(pod + "/cpu.max.burst")).contains("0\n");
    assertThat(writer.originals().originals()).isEmpty();
  }
}
