package org.openeuler.nestos.daemon.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult;
import org.openeuler.nestos.daemon.core.cgroup.CgroupRestoreResult;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.rubik.core.model.CgroupDriver;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.ContainerSnapshot;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;
import org.openeuler.nestos.rubik.core.plan.Backend;
import org.openeuler.nestos.rubik.core.plan.CgroupRestore;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.Feature;
import org.openeuler.nestos.rubik.core.plan.PlanRequest;
import org.openeuler.nestos.rubik.core.plan.QosPlan;
import org.openeuler.nestos.rubik.core.plan.QosPlanner;

/**
 * The real planner and writer against this machine's real cgroup v1 tree (docs/design.md §6):
 * offline via cpu.idle, burst, IO weight Unsupported, drift, then the pod goes online and the
 * originals come back.
 */
class CgroupV1IT {

  static QosPlan.Ready ready(QosPlan plan) {
    assertThat(plan).isInstanceOf(QosPlan.Ready.class);
    return (QosPlan.Ready) plan;
  }

  @TempDir Path state;

  @Test
  void offlineAndBurstThenOnlineRestoresOriginals() throws Exception {
    assumeTrue(
        RealCgroupTree.available(), "needs root and a cgroup v1 cpu hierarchy with cpu.idle");
    try (RealCgroupTree tree = new RealCgroupTree("nestos-it")) {
      String uid = "5f1c2a9e-0000-4000-8000-000000000001";
      String pod = tree.pod(uid, "ctr1");
      String ctr = pod + "/ctr1";
      for (String dir : List.of(pod, ctr)) {
        tree.set(dir + "/cpu.shares", "512");
        tree.set(dir + "/cpu.cfs_quota_us", "50000");
      }
      tree.note("pre-set cpu.shares=512 cpu.cfs_quota_us=50000 on " + pod + " and ctr1");

      // Capability facts of this node, as the daemon gathers them: no blkio weight file -> IO is
      // Unsupported.
      NodeCapabilities caps =
          new NodeCapabilities(
              CgroupVersion.V1,
              CgroupDriver.CGROUPFS,
              "/sys/fs/cgroup",
              Map.of(
                  "cpu",
                  CgroupBenchmark.files("/sys/fs/cgroup/cpu"),
                  "memory",
                  CgroupBenchmark.files("/sys/fs/cgroup/memory"),
                  "blkio",
                  CgroupBenchmark.files("/sys/fs/cgroup/blkio")),
              Map.of(),
              Set.of(),
              false,
              false);
      RubikProfile profile =
          new RubikProfile(
              "it",
              RubikPolicySpec.Mode.Native,
              null,
              new RubikFeatures(true, false, true, true, false, false));
      PodSnapshot offline =
          new PodSnapshot(
              uid,
              "batch",
              "job-1",
              QosClass.BestEffort,
              Map.of(),
              Map.of("volcano.sh/preemptable", "true", "volcano.sh/quota-burst-time", "20000"),
              List.of(new ContainerSnapshot("main", "containerd://ctr1", 50_000L, 100_000L, null)),
              "Running");

      // The real planner decides; its paths address /sys/fs/cgroup/cpu/kubepods/..., the test tree
      // sits below.
      QosPlan.Ready planned =
          ready(
              QosPlanner.plan(
                  new PlanRequest(profile, caps, List.of(offline), Map.of(), List.of())));
      tree.note(
          "backends: "
              + planned.backends().stream().map(b -> b.feature() + "=" + b.backend()).toList());
      assertThat(planned.backends())
          .extracting(b -> b.feature() + "=" + b.backend())
          .contains("CPU_PREEMPTION=CPU_IDLE", "QUOTA_BURST=CFS_BURST_US", "IO_WEIGHT=UNSUPPORTED");
      String from = "/sys/fs/cgroup/cpu/";
      String to = tree.root + "/";
      List<CgroupWrite> plan = CgroupBenchmark.relocate(planned.writes(), from, to);
      tree.note(
          "plan: "
              + plan.stream().map(w -> w.file().substring(to.length()) + "=" + w.value()).toList());

      RootedHostFs host = new RootedHostFs(Path.of("/"));
      CheckpointStore store =
          new CheckpointStore(host, state.resolve("cgroup-originals.json").toString());
      CgroupApplyResult applied = new CgroupWriter(host, store).apply(plan);
      tree.note("apply: " + applied);
      assertThat(applied.ok()).isTrue();
      assertThat(applied.applied()).hasSize(4);
      for (String dir : List.of(pod, ctr)) {
        tree.note(
            "kernel now "
                + Path.of(dir).getFileName()
                + ": cpu.idle="
                + RealCgroupTree.get(dir + "/cpu.idle")
                + " cpu.shares="
                + RealCgroupTree.get(dir + "/cpu.shares")
                + " cpu.cfs_burst_us="
                + RealCgroupTree.get(dir + "/cpu.cfs_burst_us")
                + " cpu.cfs_quota_us="
                + RealCgroupTree.get(dir + "/cpu.cfs_quota_us"));
        assertThat(RealCgroupTree.get(dir + "/cpu.idle")).isEqualTo("1");
        assertThat(RealCgroupTree.get(dir + "/cpu.cfs_burst_us")).isEqualTo("20000");
      }
      tree.note(
          "checkpoint " + store.path() + ": " + store.load().originals().size() + " originals");

      // Drift: something resets the burst; a local read notices it.
      tree.set(ctr + "/cpu.cfs_burst_us", "0");
      CgroupWriter restarted = new CgroupWriter(host, store);
      assertThat(restarted.drifted(plan)).hasSize(1);
      tree.note("drift after external reset of ctr1 burst: " + restarted.drifted(plan));
      assertThat(restarted.apply(plan).applied()).hasSize(1);

      // The pod goes online (marker removed): the planner asks for restores, a restarted writer
      // does them from the
      // host checkpoint.
      PodSnapshot online =
          new PodSnapshot(
              uid,
              "batch",
              "job-1",
              QosClass.BestEffort,
              Map.of(),
              Map.of(),
              offline.containers(),
              "Running");
      CgroupWriter afterRestart = new CgroupWriter(host, store);
      List<CgroupWrite> appliedAsPlanned =
          CgroupBenchmark.relocate(afterRestart.originals().applied(), to, from);
      QosPlan.Ready onlinePlan =
          ready(
              QosPlanner.plan(
                  new PlanRequest(profile, caps, List.of(online), Map.of(), appliedAsPlanned)));
      tree.note(
          "online plan: writes="
              + onlinePlan.writes().size()
              + " restores="
              + onlinePlan.restores().size()
              + " restartRequired="
              + onlinePlan.restartRequired());
      assertThat(onlinePlan.restartRequired()).isEmpty();
      List<CgroupRestore> restores =
          onlinePlan.restores().stream()
              .map(
                  r ->
                      new CgroupRestore(
                          r.podUid(),
                          r.feature(),
                          r.backend(),
                          to + r.file().substring(from.length())))
              .toList();
      List<CgroupRestoreResult> backs = afterRestart.restore(restores);
      assertThat(backs).hasSize(1);
      CgroupRestoreResult back = backs.get(0);
      tree.note(
          "restore (new writer instance, from checkpoint): restored="
              + back.restored().size()
              + " gone="
              + back.gone().size()
              + " failed="
              + back.failed());
      assertThat(back.ok()).isTrue();
      for (String dir : List.of(pod, ctr)) {
        tree.note(
            "kernel now "
                + Path.of(dir).getFileName()
                + ": cpu.idle="
                + RealCgroupTree.get(dir + "/cpu.idle")
                + " cpu.shares="
                + RealCgroupTree.get(dir + "/cpu.shares")
                + " cpu.cfs_burst_us="
                + RealCgroupTree.get(dir + "/cpu.cfs_burst_us")
                + " cpu.cfs_quota_us="
                + RealCgroupTree.get(dir + "/cpu.cfs_quota_us"));
        assertThat(RealCgroupTree.get(dir + "/cpu.idle")).isEqualTo("0");
        assertThat(RealCgroupTree.get(dir + "/cpu.shares")).isEqualTo("512");
        assertThat(RealCgroupTree.get(dir + "/cpu.cfs_burst_us")).isEqualTo("0");
        assertThat(RealCgroupTree.get(dir + "/cpu.cfs_quota_us")).isEqualTo("50000");
      }
      assertThat(store.load().originals()).isEmpty();

      // The kernel refuses burst > quota; the writer reports it for that pod and feature only.
      CgroupApplyResult refused =
          new CgroupWriter(host, store)
              .apply(
                  List.of(
                      new CgroupWrite(
                          uid, Feature.CPU_PREEMPTION, Backend.CPU_IDLE, ctr + "/cpu.idle", "1"),
                      new CgroupWrite(
                          uid,
                          Feature.QUOTA_BURST,
                          Backend.CFS_BURST_US,
                          ctr + "/cpu.cfs_burst_us",
                          "80000")));
      tree.note("burst 80000 > quota 50000: " + refused.failed());
      assertThat(refused.applied()).hasSize(1);
      assertThat(refused.failed())
          .singleElement()
          .satisfies(f -> assertThat(f.reason()).contains("Invalid argument"));
      assertThat(new CgroupWriter(host, store).restore(uid).ok()).isTrue();
    }
  }
}
