package org.openeuler.nestos.daemon.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult;
import org.openeuler.nestos.daemon.core.cgroup.CgroupRestoreResult;
import org.openeuler.nestos.daemon.host.FakeHostFs;
import org.openeuler.nestos.rubik.core.plan.Backend;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.Feature;

class CgroupWriterTest {

  static final String POD = "/sys/fs/cgroup/cpu/kubepods/besteffort/podA";
  static final String CTR = POD + "/c1";
  static final String CP = CheckpointStore.DEFAULT_PATH;

  final FakeHostFs fs = new FakeHostFs();

  FakeHostFs v1Pod(String dir) {
    return fs.file(dir + "/cpu.idle", "0\n")
        .file(dir + "/cpu.shares", "512\n")
        .file(dir + "/cpu.cfs_quota_us", "50000\n")
        .file(dir + "/cpu.cfs_burst_us", "0\n")
        // cpu.idle=1 turns cpu.shares into 3; cpu.idle=0 brings back 1024 (measured on 6.18).
        .kernel(
            dir + "/cpu.idle",
            (cur, w) -> {
              fs.file(dir + "/cpu.shares", w.equals("1") ? "3\n" : "1024\n");
              return w + "\n";
            })
        .kernel(
            dir + "/cpu.cfs_burst_us",
            (cur, w) -> {
              if (Long.parseLong(w)
                  > Long.parseLong(fs.content(dir + "/cpu.cfs_quota_us").strip())) {
                throw new IOException("Invalid argument");
              }
              return w + "\n";
            });
  }

  static CgroupWrite w(String pod, Feature f, Backend b, String file, String value) {
    return new CgroupWrite(pod, f, b, file, value);
  }

  static List<CgroupWrite> offlineAndBurst(String burst) {
    return List.of(
        w("A", Feature.CPU_PREEMPTION, Backend.CPU_IDLE, POD + "/cpu.idle", "1"),
        w("A", Feature.CPU_PREEMPTION, Backend.CPU_IDLE, CTR + "/cpu.idle", "1"),
        w("A", Feature.QUOTA_BURST, Backend.CFS_BURST_US, CTR + "/cpu.cfs_burst_us", burst),
        w("A", Feature.IO_WEIGHT, Backend.UNSUPPORTED, null, null));
  }

  @Test
  void appliesCheckpointsAndRestoresIncludingClobberedShares() throws IOException {
    v1Pod(POD);
    v1Pod(CTR);
    CgroupWriter writer = new CgroupWriter(fs, new CheckpointStore(fs));
    CgroupApplyResult r = writer.apply(offlineAndBurst("20000"));
    assertThat(r.ok()).as(r.toString()).isTrue();
    assertThat(r.applied()).hasSize(3);
    assertThat(r.unsupported()).extracting(CgroupWrite::feature).containsExactly(Feature.IO_WEIGHT);
    assertThat(fs.content(CP)).contains("cpu.shares", "\"512\"", "cpu.cfs_burst_us");
    assertThat(fs.content(CTR + "/cpu.shares")).isEqualTo("3\n");

    // Second pass: nothing to write.
    assertThat(writer.apply(offlineAndBurst("20000")).unchanged()).hasSize(3);

    // A restarted daemon restores from the host checkpoint.
    CgroupWriter restarted = new CgroupWriter(fs, new CheckpointStore(fs));
    CgroupRestoreResult back = restarted.restore("A");
    assertThat(back.ok()).as(back.toString()).isTrue();
    assertThat(fs.content(CTR + "/cpu.idle")).isEqualTo("0\n");
    assertThat(fs.content(CTR + "/cpu.shares")).isEqualTo("512");
    assertThat(fs.content(POD + "/cpu.shares")).isEqualTo("512");
    assertThat(fs.content(CTR + "/cpu.cfs_burst_us")).isEqualTo("0\n");
    assertThat(restarted.originals().originals()).isEmpty();
  }

  @Test
  void kernelRefusalFailsOnlyThatPodAndFeature() throws IOException {
    v1Pod(POD);
    v1Pod(CTR);
    CgroupWriter writer = new CgroupWriter(fs, new CheckpointStore(fs));
    List<CgroupWrite> plan = new java.util.ArrayList<>(offlineAndBurst("80000"));
    plan.add(w("A", Feature.QUOTA_BURST, Backend.CFS_BURST_US, POD + "/cpu.cfs_burst_us", "80000"));
    CgroupApplyResult r = writer.apply(plan);
    assertThat(r.applied()).extracting(CgroupWrite::feature).containsOnly(Feature.CPU_PREEMPTION);
    assertThat(r.failed()).hasSize(2);
    assertThat(r.failed().get(0).reason()).contains("Invalid argument");
    assertThat(r.failed().get(1).reason()).contains("not attempted");
    assertThat(r.failedFeatures()).containsOnlyKeys("A");
  }

  @Test
  void vanishedCgroupIsSkippedAndMissingFileFails() throws IOException {
    v1Pod(POD);
    CgroupWriter writer = new CgroupWriter(fs, new CheckpointStore(fs));
    CgroupApplyResult r =
        writer.apply(
            List.of(
                w(
                    "A",
                    Feature.CPU_PREEMPTION,
                    Backend.CPU_IDLE,
                    "/sys/fs/cgroup/cpu/kubepods/podGone/cpu.idle",
                    "1"),
                w(
                    "A",
                    Feature.CPU_PREEMPTION,
                    Backend.CPU_QOS_LEVEL,
                    POD + "/cpu.qos_level",
                    "-1")));
    assertThat(r.skipped()).hasSize(1);
    assertThat(r.failed())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("no such cgroup file"));
  }

  @Test
  void checkpointFailureWritesNothing() {
    v1Pod(POD);
    fs.failAtomicWrite(CP, new IOException("No space left on device"));
    CgroupWriter writer = new CgroupWriter(fs, new CheckpointStore(fs));
    CgroupApplyResult r =
        writer.apply(
            List.of(w("A", Feature.CPU_PREEMPTION, Backend.CPU_IDLE, POD + "/cpu.idle", "1")));
    assertThat(r.failed())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("checkpoint not persisted"));
    assertThat(fs.writes()).isEmpty();
  }

  @Test
  void corruptCheckpointIsAnErrorNotAnEmptyOne() {
    v1Pod(POD);
    fs.file(CP, "{not json");
    CgroupWriter writer = new CgroupWriter(fs, new CheckpointStore(fs));
    assertThat(
            writer
                .apply(
                    List.of(
                        w("A", Feature.CPU_PREEMPTION, Backend.CPU_IDLE, POD + "/cpu.idle", "1")))
                .failed())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("corrupt cgroup checkpoint"));
    assertThatThrownBy(() -> writer.restore("A")).isInstanceOf(IOException.class);
    assertThat(fs.writes()).isEmpty();
  }

  @Test
  void driftAndForgetVanished() throws IOException {
    v1Pod(POD);
    v1Pod(CTR);
    CgroupWriter writer = new CgroupWriter(fs, new CheckpointStore(fs));
    List<CgroupWrite> plan = offlineAndBurst("20000");
    writer.apply(plan);
    assertThat(writer.drifted(plan)).isEmpty();
    fs.file(CTR + "/cpu.cfs_burst_us", "0\n");
    assertThat(writer.drifted(plan))
        .singleElement()
        .satisfies(d -> assertThat(d.actual()).isEqualTo("0"));
    assertThat(writer.apply(plan).applied()).hasSize(1);

    fs.removeTree(POD);
    assertThat(writer.forgetVanished()).isEqualTo(5);
    assertThat(writer.originals().originals()).isEmpty();
    assertThat(writer.restore("A").gone()).isEmpty();
  }

  @Test
  void restoreOfGoneCgroupDropsTheEntries() throws IOException {
    v1Pod(POD);
    CgroupWriter writer = new CgroupWriter(fs, new CheckpointStore(fs));
    writer.apply(List.of(w("A", Feature.CPU_PREEMPTION, Backend.CPU_IDLE, POD + "/cpu.idle", "1")));
    fs.removeTree(POD);
    CgroupRestoreResult r = writer.restore("A");
    assertThat(r.gone()).containsExactlyInAnyOrder(POD + "/cpu.idle", POD + "/cpu.shares");
    assertThat(new CheckpointStore(fs).load().originals()).isEmpty();
  }
}
