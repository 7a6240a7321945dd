package org.openeuler.nestos.daemon.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.rubik.core.model.CgroupDriver;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.ContainerSnapshot;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.PlanRequest;
import org.openeuler.nestos.rubik.core.plan.QosPlan;
import org.openeuler.nestos.rubik.core.plan.QosPlanner;

/**
 * Benchmark on the REAL cgroup v1 tree (scripts/bench-cgroups): 200 offline BestEffort pods (pod +
 * 1 container cgroup each) under a unique test root; plan (real QosPlanner) + write for one new pod
 * among 200, and a full re-plan + apply of all pods. Cleans up everything. Usage: CgroupBenchmark
 * [pods] [repetitions].
 */
public final class CgroupBenchmark {

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    if (!RealCgroupTree.available()) {
      System.err.println("needs root and a cgroup v1 cpu hierarchy with cpu.idle");
      System.exit(2);
    }
    Path state = Files.createTempDirectory("nestos-bench-state");
    try (RealCgroupTree tree = new RealCgroupTree("nestos-bench")) {
      run(tree, state, pods, reps);
    } finally {
      try (Stream<Path> s = Files.list(state)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(state);
    }
  }

  static void run(RealCgroupTree tree, Path state, int n, int reps) throws IOException {
    RootedHostFs host = new RootedHostFs(Path.of("/"));
    CgroupWriter writer =
        new CgroupWriter(
            host, new CheckpointStore(host, state.resolve("cgroup-originals.json").toString()));
    NodeCapabilities caps =
        new NodeCapabilities(
            CgroupVersion.V1,
            CgroupDriver.CGROUPFS,
            "/sys/fs/cgroup",
            Map.of(
                "cpu",
                files("/sys/fs/cgroup/cpu"),
                "memory",
                files("/sys/fs/cgroup/memory"),
                "blkio",
                files("/sys/fs/cgroup/blkio")),
            Map.of(),
            Set.of(),
            false,
            false);
    RubikProfile profile =
        new RubikProfile(
            "bench",
            RubikPolicySpec.Mode.Native,
            null,
            new RubikFeatures(true, false, false, true, false, false));
    List<PodSnapshot> snapshot = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      snapshot.add(pod(tree, i));
    }
    // The planner addresses /sys/fs/cgroup/cpu/kubepods/...; the test tree sits one level below.
    String from = "/sys/fs/cgroup/cpu/";
    String to = tree.root + "/";

    long t0 = System.nanoTime();
    List<CgroupWrite> all = relocate(plan(profile, caps, snapshot, writer), from, to);
    CgroupApplyResult cold = writer.apply(all);
    double coldMs = (System.nanoTime() - t0) / 1e6;
    check(cold, 2 * n);

    double[] single = new double[reps];
    for (int r = 0; r < reps; r++) {
      PodSnapshot fresh = pod(tree, n + r);
      List<PodSnapshot> now = new ArrayList<>(snapshot);
      now.add(fresh);
      long s = System.nanoTime();
      List<CgroupWrite> mine =
          relocate(plan(profile, caps, now, writer), from, to).stream()
              .filter(w -> fresh.uid().equals(w.podUid()))
              .toList();
      CgroupApplyResult res = writer.apply(mine);
      single[r] = (System.nanoTime() - s) / 1e6;
      check(res, 2);
      Files.delete(Path.of(to + "kubepods/besteffort/pod" + fresh.uid() + "/c" + (n + r)));
      Files.delete(Path.of(to + "kubepods/besteffort/pod" + fresh.uid()));
      writer.forgetPods(List.of(fresh.uid()));
    }

    double[] full = new double[Math.min(reps, 50)];
    for (int r = 0; r < full.length; r++) {
      long s = System.nanoTime();
      CgroupApplyResult res =
          writer.apply(relocate(plan(profile, caps, snapshot, writer), from, to));
      full[r] = (System.nanoTime() - s) / 1e6;
      if (res.unchanged().size() != 2 * n) {
        throw new IllegalStateException("steady re-apply: " + res);
      }
    }
    writer.restoreAll();
    Arrays.sort(single);
    Arrays.sort(full);
    System.out.printf(
        "cgroup benchmark (real cgroup v1, %d pods x (pod + 1 container), planner + writer, "
            + "backend cpu.idle; io weight Unsupported)%n",
        n);
    System.out.printf(
        "  cold plan + apply of %d pods (checkpoint + %d writes + read-backs): %.1f ms%n",
        n, 2 * n, coldMs);
    System.out.printf(
        "  one new pod among %d, plan + checkpoint + write + read-back, %d reps: p50 %.2f ms, "
            + "p99 %.2f ms, max %.2f ms (target p99 <= 20 ms)%n",
        n, reps, pct(single, 50), pct(single, 99), single[single.length - 1]);
    System.out.printf(
        "  full re-plan + apply of %d pods (steady state: %d reads, 0 writes), %d reps: p50 %.2f ms, "
            + "p99 %.2f ms (target < 50 ms)%n",
        n, 2 * n, full.length, pct(full, 50), pct(full, 99));
  }

  static List<CgroupWrite> plan(
      RubikProfile profile, NodeCapabilities caps, List<PodSnapshot> pods, CgroupWriter writer)
      throws IOException {
    QosPlan p =
        QosPlanner.plan(
            new PlanRequest(profile, caps, pods, Map.of(), writer.originals().applied()));
    if (!(p instanceof QosPlan.Ready ready)) {
      throw new IllegalStateException("plan: " + p);
    }
    return ready.writes();
  }

  static PodSnapshot pod(RealCgroupTree tree, int i) throws IOException {
    String uid = String.format("00000000-0000-4000-8000-%012d", i);
    tree.pod(uid, "c" + i);
    return new PodSnapshot(
        uid,
        "bench",
        "p" + i,
        QosClass.BestEffort,
        Map.of(),
        Map.of("volcano.sh/preemptable", "true"),
        List.of(ContainerSnapshot.of("c", "containerd://c" + i)),
        "Running");
  }

  static List<CgroupWrite> relocate(List<CgroupWrite> writes, String from, String to) {
    return writes.stream()
        .map(
            w ->
                w.file() == null || !w.file().startsWith(from)
                    ? w
                    : new CgroupWrite(
                        w.podUid(),
                        w.feature(),
                        w.backend(),
                        to + w.file().substring(from.length()),
                        w.value()))
        .toList();
  }

  static Set<String> files(String dir) throws IOException {
    try (Stream<Path> s = Files.list(Path.of(dir))) {
      return Set.copyOf(
          s.map(p -> p.getFileName().toString()).filter(f -> f.contains(".")).toList());
    }
  }

  static void check(CgroupApplyResult r, int applied) {
    if (!r.ok() || r.applied().size() != applied) {
      throw new IllegalStateException("expected " + applied + " applied: " + r);
    }
  }

  static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
