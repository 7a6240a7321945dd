package org.openeuler.nestos.daemon.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult;
import org.openeuler.nestos.daemon.core.cgroup.CgroupRestoreResult;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.rubik.core.plan.Backend;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.Feature;

/** The writer against this machine's real cgroup v1 tree (DESIGN §6): offline via cpu.idle, burst, restore. */
class CgroupV1IT {

  @TempDir Path state;

  @Test
  void offlineAndBurstThenOnlineRestoresOriginals() throws Exception {
    assumeTrue(RealCgroupTree.available(), "needs root and a cgroup v1 cpu hierarchy with cpu.idle");
    try (RealCgroupTree tree = new RealCgroupTree("nestos-it")) {
      String uid = "5f1c2a9e-0000-4000-8000-000000000001";
      String pod = tree.pod(uid, "ctr1");
      String ctr = pod + "/ctr1";
      for (String dir : List.of(pod, ctr)) {
        tree.set(dir + "/cpu.shares", "512");
        tree.set(dir + "/cpu.cfs_quota_us", "50000");
      }
      tree.note("pre-set cpu.shares=512 cpu.cfs_quota_us=50000 on " + pod + " and ctr1");

      // Capability facts of this node, as the daemon gathers them: no blkio weight file -> IO is Unsupported.
      List<String> ioFiles = List.of("blkio.cost.weight", "blkio.weight", "blkio.bfq.weight");
      boolean io = ioFiles.stream().anyMatch(f -> Files.exists(RealCgroupTree.BLKIO.resolve(f)));
      boolean qosLevel = Files.exists(RealCgroupTree.CPU.resolve("cpu.qos_level"));
      tree.note("capabilities: cpu.qos_level=" + qosLevel + " cpu.idle=true cpu.cfs_burst_us=true blkio weight=" + io);
      assertThat(io).isFalse();
      assertThat(qosLevel).isFalse();

      // Hand-built plan in the planner's shape and order (pod then container; pod burst = sum of containers).
      List<CgroupWrite> plan = new ArrayList<>(List.of(
          new CgroupWrite(uid, Feature.CPU_PREEMPTION, Backend.CPU_IDLE, pod + "/cpu.idle", "1"),
          new CgroupWrite(uid, Feature.CPU_PREEMPTION, Backend.CPU_IDLE, ctr + "/cpu.idle", "1"),
          new CgroupWrite(uid, Feature.QUOTA_BURST, Backend.CFS_BURST_US, ctr + "/cpu.cfs_burst_us", "20000"),
          new CgroupWrite(uid, Feature.QUOTA_BURST, Backend.CFS_BURST_US, pod + "/cpu.cfs_burst_us", "20000")));
      plan.add(new CgroupWrite(uid, Feature.IO_WEIGHT, io ? Backend.BLKIO_COST_WEIGHT : Backend.UNSUPPORTED, null, null));

      RootedHostFs host = new RootedHostFs(Path.of("/"));
      CheckpointStore store = new CheckpointStore(host, state.resolve("cgroup-originals.json").toString());
      CgroupApplyResult applied = new CgroupWriter(host, store).apply(plan);
      tree.note("apply: " + applied);
      assertThat(applied.ok()).isTrue();
      assertThat(applied.applied()).hasSize(4);
      assertThat(applied.unsupported()).extracting(CgroupWrite::feature).containsExactly(Feature.IO_WEIGHT);
      for (String dir : List.of(pod, ctr)) {
        tree.note("kernel now " + Path.of(dir).getFileName() + ": cpu.idle=" + RealCgroupTree.get(dir + "/cpu.idle")
            + " cpu.shares=" + RealCgroupTree.get(dir + "/cpu.shares") + " cpu.cfs_burst_us="
            + RealCgroupTree.get(dir + "/cpu.cfs_burst_us") + " cpu.cfs_quota_us="
            + RealCgroupTree.get(dir + "/cpu.cfs_quota_us"));
        assertThat(RealCgroupTree.get(dir + "/cpu.idle")).isEqualTo("1");
        assertThat(RealCgroupTree.get(dir + "/cpu.cfs_burst_us")).isEqualTo("20000");
      }
      tree.note("checkpoint " + store.path() + ": " + store.load().originals().size() + " originals");

      // Drift: something resets the burst; a local read notices it.
      tree.set(ctr + "/cpu.cfs_burst_us", "0");
      CgroupWriter restarted = new CgroupWriter(host, store);
      assertThat(restarted.drifted(plan)).hasSize(1);
      tree.note("drift after external reset of ctr1 burst: " + restarted.drifted(plan));
      assertThat(restarted.apply(plan).applied()).hasSize(1);

      // The pod goes online: a restarted writer restores from the host checkpoint.
      CgroupRestoreResult back = new CgroupWriter(host, store).restore(uid);
      tree.note("restore (new writer instance, from checkpoint): restored=" + back.restored().size()
          + " gone=" + back.gone().size() + " failed=" + back.failed());
      assertThat(back.ok()).isTrue();
      for (String dir : List.of(pod, ctr)) {
        tree.note("kernel now " + Path.of(dir).getFileName() + ": cpu.idle=" + RealCgroupTree.get(dir + "/cpu.idle")
            + " cpu.shares=" + RealCgroupTree.get(dir + "/cpu.shares") + " cpu.cfs_burst_us="
            + RealCgroupTree.get(dir + "/cpu.cfs_burst_us") + " cpu.cfs_quota_us="
            + RealCgroupTree.get(dir + "/cpu.cfs_quota_us"));
        assertThat(RealCgroupTree.get(dir + "/cpu.idle")).isEqualTo("0");
        assertThat(RealCgroupTree.get(dir + "/cpu.shares")).isEqualTo("512");
        assertThat(RealCgroupTree.get(dir + "/cpu.cfs_burst_us")).isEqualTo("0");
        assertThat(RealCgroupTree.get(dir + "/cpu.cfs_quota_us")).isEqualTo("50000");
      }
      assertThat(store.load().originals()).isEmpty();

      // The kernel refuses burst > quota; the writer reports it for that pod and feature only.
      CgroupApplyResult refused = new CgroupWriter(host, store).apply(List.of(
          new CgroupWrite(uid, Feature.CPU_PREEMPTION, Backend.CPU_IDLE, ctr + "/cpu.idle", "1"),
          new CgroupWrite(uid, Feature.QUOTA_BURST, Backend.CFS_BURST_US, ctr + "/cpu.cfs_burst_us", "80000")));
      tree.note("burst 80000 > quota 50000: " + refused.failed());
      assertThat(refused.applied()).hasSize(1);
      assertThat(refused.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("Invalid argument"));
      assertThat(new CgroupWriter(host, store).restore(uid).ok()).isTrue();
    }
  }
}
