package org.openeuler.nestos.daemon.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.daemon.cgroup.CgroupWriter;
import org.openeuler.nestos.daemon.cgroup.CheckpointStore;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.daemon.rubik.CapabilityProbe;
import org.openeuler.nestos.daemon.rubik.KernelFacts;
import org.openeuler.nestos.daemon.rubik.PressureMonitor;
import org.openeuler.nestos.rubik.core.classify.Classification;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.PlanRequest;
import org.openeuler.nestos.rubik.core.plan.QosPlan;
import org.openeuler.nestos.rubik.core.plan.QosPlanner;

/**
 * The cgroup half of the {@link LiveConfigLoop}, on its thread only: the rubik profile through the
 * {@link QosPlanner} and the {@link CgroupWriter}, the kernel probe, the pressure monitor
 * (dynMemory, psi) and each pod's kept plan. Reports a {@link RubikSummary} and a fault.
 */
final class CgroupPass {

  /** How often the periodic pass probes the kernel and looks for rubik's own agent. */
  static final Duration PROBE_INTERVAL = Duration.ofMinutes(5);

  private final Set<String> systemNamespaces;
  private final CgroupWriter cgroups;
  private final CapabilityProbe capabilityProbe;
  private final PressureMonitor monitor;
  private final Supplier<Collection<PodSnapshot>> pods;
  // each pod's share of the plan, by cgroup id, kept while the pod's snapshot and the node-wide
  // inputs are unchanged: a pod event re-plans one pod, not all of them
  private final Map<String, QosPlanner.PodPlan> podPlans = new HashMap<>();
  private PlanInputs planInputs;
  // the last plan's classifications: which pods are online, for the PSI files
  private List<Classification> lastClasses = List.of();
  private NodeCapabilities capabilities;
  private long probedAtNanos = System.nanoTime();
  private RubikSummary summary;
  private StatusWriter.LiveFault fault;
  private List<CgroupWrite> lastWritten = List.of();

  /** What every pod's plan depends on besides the pod. */
  private record PlanInputs(
      RubikProfile profile,
      NodeCapabilities capabilities,
      Long offlineMemoryHigh,
      Set<String> ns) {}

  /** A pass's outcome beyond the summary and fault: cgroups not there yet (retry soon). */
  record Outcome(boolean lateCgroups) {}

  CgroupPass(
      HostFs fs, java.time.Clock clock, String namespace, Supplier<Collection<PodSnapshot>> pods) {
    this.systemNamespaces = namespace == null ? Set.of() : Set.of(namespace);
    this.cgroups = new CgroupWriter(fs, new CheckpointStore(fs));
    this.capabilityProbe = new CapabilityProbe(fs);
    this.monitor = new PressureMonitor(fs, clock);
    this.pods = pods;
  }

  /**
   * Loads the cgroup originals (before any write: a pass never records an original over a file the
   * previous daemon already changed; unreadable: a fault that blocks every cgroup write until they
   * are readable), returns the number loaded or -1.
   */
  int loadOriginals() {
    try {
      return cgroups.originals().originals().size();
    } catch (IOException e) {
      fault =
          new StatusWriter.LiveFault(
              ConditionReason.APPLY_FAILED,
              "cgroup originals unreadable, no cgroup is written: " + e.getMessage());
      return -1;
    }
  }

  /** Probes the kernel at start; its facts for the status. */
  org.openeuler.nestos.api.v1alpha1.NodeKernel probe() throws IOException {
    capabilities = capabilityProbe.probe();
    return KernelFacts.of(capabilities);
  }

  RubikSummary summary() {
    return summary;
  }

  StatusWriter.LiveFault fault() {
    return fault;
  }

  /** Whether the next pass must cover every pod (no probe yet, or something is failing). */
  boolean needsFullPass() {
    return capabilities == null || fault != null;
  }

  /** The writes in effect (checkpointed), every pod's. */
  List<CgroupWrite> inEffect() throws IOException {
    return cgroups.originals().applied();
  }

  /** What the last {@link #run} wrote (the daemon's own writes, not drift to watch for). */
  List<CgroupWrite> lastWritten() {
    return lastWritten;
  }

  boolean probed() {
    return capabilities != null;
  }

  /**
   * Plans every pod (each pod's plan kept while unchanged) and writes, checks for drift and
   * restores; {@code onlyPods} (cgroup ids; null for all) limits the writes and the drift check to
   * the pods that changed, so a pod event costs the same with 10 pods or 200 (the periodic full
   * pass checks the rest). Drifted files are added to {@code drifted}.
   */
  Outcome run(NodeStateSpec spec, boolean reprobe, Set<String> onlyPods, List<String> drifted)
      throws IOException {
    lastWritten = List.of();
    if (spec.rubikProfile() == null && cgroups.originals().applied().isEmpty()) {
      summary = null;
      fault = null;
      return new Outcome(false);
    }
    if (reprobe || System.nanoTime() - probedAtNanos > PROBE_INTERVAL.toNanos()) {
      // the probe scans /proc for rubik's agent: on spec changes and at most every 5 minutes
      // otherwise (the drift ticks in between reuse its result; the idle daemon's largest cost)
      probedAtNanos = System.nanoTime();
      capabilities = capabilityProbe.probe();
    }
    QosPlan plan = plan(spec.rubikProfile());
    if (plan instanceof QosPlan.Invalid inv) {
      fault =
          new StatusWriter.LiveFault(ConditionReason.INVALID_SPEC, "rubikProfile: " + inv.errors());
      return new Outcome(false);
    }
    if (plan instanceof QosPlan.ConflictingAgent c) {
      fault = new StatusWriter.LiveFault(ConditionReason.CONFLICTING_AGENT, c.message());
      return new Outcome(false);
    }
    QosPlan.Ready ready = (QosPlan.Ready) plan;
    lastClasses = ready.pods();
    List<CgroupApplyResult.Failure> restoreFailures = new ArrayList<>();
    if (!ready.restores().isEmpty()) {
      cgroups.restore(ready.restores()).forEach(r -> restoreFailures.addAll(r.failed()));
    }
    if (!ready.departedPods().isEmpty()) {
      // restored, not forgotten: a cgroup that is gone leaves the record, one that still exists
      // gets its originals back, so no pod list can ever make the record lose a live original
      cgroups.restoreDeparted(ready.departedPods());
    }
    List<CgroupWrite> writes =
        onlyPods == null
            ? ready.writes()
            : ready.writes().stream().filter(w -> onlyPods.contains(w.podUid())).toList();
    // drift: a write already in effect whose file no longer held it, so the pass wrote it again
    // (apply reads each file once and writes only what differs; a new pod's first write is not
    // drift)
    Set<CgroupWrite> inEffect = new HashSet<>();
    for (CgroupWrite a : cgroups.originals().applied()) {
      if (onlyPods == null || onlyPods.contains(a.podUid())) {
        inEffect.add(a);
      }
    }
    CgroupApplyResult result = cgroups.apply(writes);
    // a mismatched write was written too (and is written again by the next pass)
    lastWritten = new ArrayList<>(result.applied());
    result.mismatches().forEach(m -> lastWritten.add(m.write()));
    result.applied().stream().filter(inEffect::contains).forEach(w -> drifted.add(w.file()));
    int failedWrites = result.failed().size() + result.mismatches().size() + restoreFailures.size();
    summary =
        spec.rubikProfile() == null
            ? null
            : ready
                .toSummary()
                .withFailedWrites(failedWrites)
                .withMonitor(monitor.pressure(), monitor.offlineMemoryHigh());
    fault =
        failedWrites == 0
            ? null
            : new StatusWriter.LiveFault(
                ConditionReason.APPLY_FAILED,
                "cgroup writes failed: "
                    + result.failed().size()
                    + " failed, "
                    + result.mismatches().size()
                    + " mismatched, "
                    + restoreFailures.size()
                    + " not restored; first: "
                    + firstFailure(result, restoreFailures));
    return new Outcome(!result.skipped().isEmpty());
  }

  private QosPlan plan(RubikProfile profile) throws IOException {
    List<PodSnapshot> snapshots = List.copyOf(pods.get());
    // no namespace labels: the daemon watches no Namespaces (docs/design.md §8); the operator
    // renders the namespaceSelector's resolution into the profile's offlineNamespaces, which the
    // planner reads instead
    PlanRequest request =
        new PlanRequest(
            profile,
            capabilities,
            snapshots,
            Map.of(),
            cgroups.originals().applied(),
            systemNamespaces,
            monitor.offlineMemoryHigh());
    PlanInputs inputs =
        new PlanInputs(profile, capabilities, monitor.offlineMemoryHigh(), systemNamespaces);
    if (!inputs.equals(planInputs)) {
      podPlans.clear();
      planInputs = inputs;
    }
    Set<String> live = new HashSet<>();
    for (PodSnapshot p : snapshots) {
      live.add(p.cgroupId());
      QosPlanner.PodPlan kept = podPlans.get(p.cgroupId());
      if (kept == null || kept.pod() != p) {
        podPlans.put(p.cgroupId(), QosPlanner.planPod(request, p));
      }
    }
    podPlans.keySet().retainAll(live);
    return QosPlanner.plan(request, p -> podPlans.get(p.cgroupId()));
  }

  /** Whether a profile's dynMemory or psi needs sampling, or a sampled value must be cleared. */
  boolean monitoring(RubikProfile profile) {
    return PressureMonitor.wanted(profile)
        || monitor.offlineMemoryHigh() != null
        || monitor.pressure() != null;
  }

  /**
   * One dynMemory/psi sample; a new pressure report is folded into the summary at once (a new
   * memory limit needs a full pass to reach the pods).
   */
  PressureMonitor.Change sample(RubikProfile profile) throws IOException {
    PressureMonitor.Change change =
        monitor.sample(profile, capabilities, List.copyOf(pods.get()), lastClasses);
    if (change.pressure() && summary != null) {
      summary = summary.withMonitor(monitor.pressure(), monitor.offlineMemoryHigh());
    }
    return change;
  }

  PressureMonitor monitor() {
    return monitor;
  }

  /** The NodeState is gone: every cgroup back to its original; returns the pods restored. */
  int restoreAll() throws IOException {
    int back = cgroups.restoreAll().size();
    summary = null;
    fault = null;
    return back;
  }

  private static String firstFailure(
      CgroupApplyResult result, List<CgroupApplyResult.Failure> restoreFailures) {
    if (!result.failed().isEmpty()) {
      var f = result.failed().get(0);
      return f.file() + ": " + f.reason();
    }
    if (!result.mismatches().isEmpty()) {
      var m = result.mismatches().get(0);
      return m.write().file() + " reads " + m.actual() + " after writing " + m.write().value();
    }
    var f = restoreFailures.get(0);
    return f.file() + ": " + f.reason();
  }
}
