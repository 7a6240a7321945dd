package org.openeuler.nestos.daemon.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.PsiPressure;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.api.v1alpha1.SysctlSummary;
import org.openeuler.nestos.daemon.cgroup.CgroupWriter;
import org.openeuler.nestos.daemon.cgroup.CheckpointStore;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult;
import org.openeuler.nestos.daemon.core.update.Desired;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.daemon.rubik.CapabilityProbe;
import org.openeuler.nestos.daemon.rubik.KernelFacts;
import org.openeuler.nestos.daemon.rubik.PressureMonitor;
import org.openeuler.nestos.daemon.sysctl.SysctlApplier;
import org.openeuler.nestos.daemon.sysctl.SysctlPaths;
import org.openeuler.nestos.daemon.sysctl.SysctlReport;
import org.openeuler.nestos.rubik.core.classify.Classification;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.PlanRequest;
import org.openeuler.nestos.rubik.core.plan.QosPlan;
import org.openeuler.nestos.rubik.core.plan.QosPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NodeAgent}'s "nestos-live" thread: applies sysctls through the {@link SysctlApplier}
 * and the rubik profile through the {@link QosPlanner} + {@link CgroupWriter}. Passes are requested
 * on spec changes, pod events (coalesced), late cgroups (retried) and a periodic local drift check;
 * when the NodeState is gone, sysctls and cgroups are restored. Reports the live part of the status
 * through the {@link StatusWriter}.
 */
final class LiveConfigLoop {

  // Logs under the NodeAgent's name, as before the split.
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

  private final String node;
  private final NodeAgent.Options options;
  private final DaemonMetrics metrics;
  private final StatusWriter status;
  private final Supplier<NodeState> latest;
  private final Supplier<Collection<PodSnapshot>> pods;
  private final BooleanSupplier closed;
  private final BooleanSupplier synced;
  private final ScheduledExecutorService loop;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong firstPodEventNanos = new AtomicLong();
  // a pass for pod events only touches the cgroups of the pods that changed (their cgroup ids);
  // any other request (spec, drift tick, late cgroups, start) makes the next pass a full one
  private final Set<String> changedPods = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean fullPass = new AtomicBoolean(true);
  private final SysctlApplier sysctls;
  private final CgroupWriter cgroups;
  private final CapabilityProbe capabilityProbe;
  private final PressureMonitor monitor;
  // the last plan's classifications: which pods are online, for the PSI files
  private List<Classification> lastClasses = List.of();

  private NodeStateSpec liveSpec;
  // true at start: a NodeState deleted while the daemon was down is restored by the first pass
  private boolean liveActive = true;
  private NodeCapabilities capabilities;
  private SysctlSummary sysctlSummary;
  private RubikSummary rubikSummary;
  private StatusWriter.LiveFault sysctlFault;
  private StatusWriter.LiveFault rubikFault;
  private int lateRetries;
  private String lastDrift;
  private long lastDriftNanos;

  /** The least time between two live status writes (a burst of pod events is coalesced). */
  static final Duration STATUS_MIN_INTERVAL = Duration.ofSeconds(1);

  private long lastLiveFlushNanos = System.nanoTime() - STATUS_MIN_INTERVAL.toNanos();
  private boolean flushScheduled;

  /** How often the periodic pass probes the kernel and looks for rubik's own agent. */
  static final Duration PROBE_INTERVAL = Duration.ofMinutes(5);

  private long probedAtNanos = System.nanoTime();

  /** How long the Drifted condition shows the last correction. */
  static final Duration DRIFT_SHOWN = Duration.ofMinutes(10);

  LiveConfigLoop(
      String node,
      HostFs fs,
      NodeAgent.Options options,
      DaemonMetrics metrics,
      StatusWriter status,
      Supplier<NodeState> latest,
      Supplier<Collection<PodSnapshot>> pods,
      BooleanSupplier closed,
      BooleanSupplier synced) {
    this.node = node;
    this.options = options;
    this.metrics = metrics;
    this.status = status;
    this.latest = latest;
    this.pods = pods;
    this.closed = closed;
    this.synced = synced;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> NodeAgent.thread(r, "nestos-live"));
    this.sysctls = new SysctlApplier(fs, SysctlPaths.defaults());
    this.cgroups = new CgroupWriter(fs, new CheckpointStore(fs));
    this.capabilityProbe = new CapabilityProbe(fs);
    this.monitor = new PressureMonitor(fs, options.clock());
  }

  /**
   * Loads the cgroup originals from the host (before any write: a pass never records an original
   * over a file the previous daemon already changed), then schedules the periodic drift check. An
   * unreadable record is reported as a fault and blocks every cgroup write until it is readable.
   */
  void start() {
    try {
      int n = cgroups.originals().originals().size();
      LOG.info("node={} cgroup originals loaded: {} files", node, n);
    } catch (IOException e) {
      rubikFault =
          new StatusWriter.LiveFault(
              ConditionReason.APPLY_FAILED,
              "cgroup originals unreadable, no cgroup is written: " + e.getMessage());
      LOG.error("node={} {}", node, rubikFault.message());
    }
    try {
      capabilities = capabilityProbe.probe();
      status.kernel(KernelFacts.of(capabilities));
      LOG.info("node={} kernel: {}", node, KernelFacts.of(capabilities));
    } catch (IOException | RuntimeException e) {
      LOG.warn("node={} probing the kernel failed, not reported: {}", node, e.toString());
    }
    loop.scheduleWithFixedDelay(
        () -> request(false),
        options.driftInterval().toMillis(),
        options.driftInterval().toMillis(),
        TimeUnit.MILLISECONDS);
    long every = options.pressureInterval().toMillis();
    loop.scheduleWithFixedDelay(this::monitorTick, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * features.dynMemory and features.psi (mode Native): samples memory and pressure; a new offline
   * memory limit makes a full pass (every offline pod gets it), a new pressure report only a status
   * write (the operator evicts; docs/rubik-colocation.md).
   */
  private void monitorTick() {
    if (!synced.getAsBoolean() || liveSpec == null) {
      return;
    }
    RubikProfile profile = liveSpec.rubikProfile();
    if (!PressureMonitor.wanted(profile)
        && monitor.offlineMemoryHigh() == null
        && monitor.pressure() == null) {
      return;
    }
    try {
      PressureMonitor.Change change =
          monitor.sample(profile, capabilities, List.copyOf(pods.get()), lastClasses);
      if (change.memoryHigh()) {
        LOG.info(
            "node={} offline pods' memory.high now {} (dynMemory fssr)",
            node,
            monitor.offlineMemoryHigh());
        request(false);
      } else if (change.pressure() && rubikSummary != null) {
        PsiPressure p = monitor.pressure();
        LOG.info(
            "node={} pressure {}",
            node,
            p == null
                ? "below the threshold"
                : p.resource() + " avg10 " + p.avg10() + " " + p.source());
        rubikSummary = rubikSummary.withMonitor(p, monitor.offlineMemoryHigh());
        StatusWriter.LiveFault fault = sysctlFault != null ? sysctlFault : rubikFault;
        status.liveDeferred(sysctlSummary, rubikSummary, fault, driftReport(List.of()));
        flushThrottled();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("node={} pressure sample failed: {}", node, e.toString());
    }
  }

  ExecutorService executor() {
    return loop;
  }

  /**
   * Queues one pass unless one is already pending; {@code podEvent} starts the pod-to-cgroup
   * latency clock.
   */
  void request(boolean podEvent) {
    if (podEvent) {
      firstPodEventNanos.compareAndSet(0, System.nanoTime());
    } else {
      fullPass.set(true);
    }
    if (pending.compareAndSet(false, true) && !closed.getAsBoolean()) {
      loop.execute(this::pass);
    }
  }

  /** Queues a pass for a pod event: only the cgroups of {@code cgroupId}'s pod are touched. */
  void podChanged(String cgroupId) {
    changedPods.add(cgroupId);
    request(true);
  }

  private void pass() {
    pending.set(false);
    if (!synced.getAsBoolean()) {
      return; // the watches request the first pass once both caches hold their initial lists
    }
    long eventAt = firstPodEventNanos.getAndSet(0);
    boolean full = fullPass.getAndSet(false);
    Set<String> changed = new HashSet<>(changedPods);
    changedPods.removeAll(changed);
    try {
      NodeState ns = latest.get();
      if (ns == null || ns.getSpec() == null) {
        if (liveActive) {
          restoreAll();
        }
        return;
      }
      NodeStateSpec spec = ns.getSpec();
      if (!node.equals(spec.nodeName())) {
        return;
      }
      if (Desired.parse(spec) instanceof Desired.Invalid inv) {
        sysctlFault =
            new StatusWriter.LiveFault(
                ConditionReason.INVALID_SPEC, "nothing applied: " + inv.reason());
        status.live(sysctlSummary, rubikSummary, sysctlFault, null);
        return;
      }
      liveActive = true;
      List<String> drifted = new ArrayList<>();
      boolean specChanged = !Objects.equals(spec, liveSpec);
      liveSpec = spec;
      // a pass for pod events only knows the changed pods' outcome: while any write is failing (or
      // anything else is wrong) every pass is a full one, so the status never reports the other
      // pods' failures gone
      full |= specChanged || capabilities == null || sysctlSummary == null || rubikFault != null;
      if (full) {
        // pods change no sysctl: a pass for pod events only leaves them to the next full pass
        SysctlReport report = sysctls.apply(spec);
        drifted.addAll(report.drifted());
        sysctlSummary = report.toSummary();
        sysctlFault =
            switch (report.outcome()) {
              case APPLIED -> null;
              case REJECTED ->
                  new StatusWriter.LiveFault(
                      ConditionReason.INVALID_SPEC, "sysctls rejected, nothing written");
              default ->
                  new StatusWriter.LiveFault(
                      ConditionReason.APPLY_FAILED, "sysctl pass " + report.outcome());
            };
      }
      int sysctlDrift = drifted.size();
      rubikPass(spec, specChanged || capabilities == null, full ? null : changed, drifted);
      if (eventAt != 0) {
        metrics.cgroupApply(Duration.ofNanos(System.nanoTime() - eventAt));
      }
      if (!drifted.isEmpty()) {
        metrics.driftCorrected(DaemonMetrics.DriftKind.sysctl, sysctlDrift);
        metrics.driftCorrected(DaemonMetrics.DriftKind.cgroup, drifted.size() - sysctlDrift);
        LOG.info(
            "node={} revision={} re-applied drifted settings {}", node, spec.revision(), drifted);
      }
      StatusWriter.LiveFault fault = sysctlFault != null ? sysctlFault : rubikFault;
      status.liveDeferred(sysctlSummary, rubikSummary, fault, driftReport(drifted));
      flushThrottled();
    } catch (Exception e) {
      fullPass.set(true); // the next pass covers the pods this one may have left undone
      LOG.warn("node={} live config pass failed: {}", node, e.toString(), e);
    }
  }

  /**
   * Writes the live status at once unless the last write was less than {@link #STATUS_MIN_INTERVAL}
   * ago; then once at the end of that interval, with whatever the passes in between found. A burst
   * of pod events costs one status write a second, not one each (on the live thread only: no lock
   * beyond the writer's).
   */
  private void flushThrottled() {
    long now = System.nanoTime();
    long wait = lastLiveFlushNanos + STATUS_MIN_INTERVAL.toNanos() - now;
    if (wait <= 0 && !flushScheduled) {
      lastLiveFlushNanos = now;
      status.flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      loop.schedule(
          () -> {
            flushScheduled = false;
            lastLiveFlushNanos = System.nanoTime();
            try {
              status.flush();
            } catch (RuntimeException e) {
              LOG.warn("node={} status write failed: {}", node, e.toString());
            }
          },
          wait,
          TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The Drifted condition's message: the last correction, shown for {@link #DRIFT_SHOWN} after it
   * (a pass a moment later finds nothing to correct; a user must still be able to see it).
   */
  private String driftReport(List<String> drifted) {
    long now = System.nanoTime();
    if (!drifted.isEmpty()) {
      lastDrift =
          "re-applied what something else changed at "
              + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + ": "
              + (drifted.size() > 8 ? drifted.subList(0, 8) + " and more" : drifted);
      lastDriftNanos = now;
    }
    return lastDrift != null && now - lastDriftNanos < DRIFT_SHOWN.toNanos() ? lastDrift : null;
  }

  /**
   * Plans every pod (pure, cheap) and writes, checks for drift and restores; {@code onlyPods}
   * (cgroup ids; null for all) limits the writes and the drift check to the pods that changed, so a
   * pod event costs the same with 10 pods or 200 (the periodic full pass checks the rest).
   */
  private void rubikPass(
      NodeStateSpec spec, boolean reprobe, Set<String> onlyPods, List<String> drifted)
      throws IOException {
    if (spec.rubikProfile() == null && cgroups.originals().applied().isEmpty()) {
      rubikSummary = null;
      rubikFault = null;
      return;
    }
    if (reprobe || System.nanoTime() - probedAtNanos > PROBE_INTERVAL.toNanos()) {
      // the probe scans /proc for rubik's agent: on spec changes and at most every 5 minutes
      // otherwise (the drift ticks in between reuse its result; the idle daemon's largest cost)
      probedAtNanos = System.nanoTime();
      capabilities = capabilityProbe.probe();
    }
    List<PodSnapshot> snapshots = List.copyOf(pods.get());
    // no namespace labels: the daemon watches no Namespaces (docs/design.md §8); the operator
    // renders the
    // namespaceSelector's
    // resolution into the profile's offlineNamespaces, which the planner reads instead
    QosPlan plan =
        QosPlanner.plan(
            new PlanRequest(
                spec.rubikProfile(),
                capabilities,
                snapshots,
                Map.of(),
                cgroups.originals().applied(),
                options.namespace() == null ? Set.of() : Set.of(options.namespace()),
                monitor.offlineMemoryHigh()));
    if (plan instanceof QosPlan.Ready ready) {
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
      Set<CgroupWrite> inEffect = Set.copyOf(cgroups.originals().applied());
      CgroupApplyResult result = cgroups.apply(writes);
      result.applied().stream().filter(inEffect::contains).forEach(w -> drifted.add(w.file()));
      int failedWrites =
          result.failed().size() + result.mismatches().size() + restoreFailures.size();
      rubikSummary =
          spec.rubikProfile() == null
              ? null
              : ready
                  .toSummary()
                  .withFailedWrites(failedWrites)
                  .withMonitor(monitor.pressure(), monitor.offlineMemoryHigh());
      rubikFault =
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
      if (!result.skipped().isEmpty() && lateRetries < options.lateCgroupRetries()) {
        lateRetries++;
        loop.schedule(
            () -> request(false), options.lateCgroupRetry().toMillis(), TimeUnit.MILLISECONDS);
      } else if (result.skipped().isEmpty()) {
        lateRetries = 0;
      }
    } else if (plan instanceof QosPlan.Invalid inv) {
      rubikFault =
          new StatusWriter.LiveFault(ConditionReason.INVALID_SPEC, "rubikProfile: " + inv.errors());
    } else if (plan instanceof QosPlan.ConflictingAgent c) {
      rubikFault = new StatusWriter.LiveFault(ConditionReason.CONFLICTING_AGENT, c.message());
    }
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

  private void restoreAll() {
    try {
      SysctlReport r = sysctls.apply(List.of());
      var back = cgroups.restoreAll();
      if (!r.restored().isEmpty() || !back.isEmpty()) {
        LOG.info(
            "node={} NodeState gone: restored sysctls {} and cgroups of {} pods; the OS is kept",
            node,
            r.restored(),
            back.size());
      }
    } catch (Exception e) {
      LOG.warn("node={} restore failed: {}", node, e.toString());
    }
    liveActive = false;
    liveSpec = null;
    sysctlSummary = null;
    rubikSummary = null;
    sysctlFault = null;
    rubikFault = null;
  }
}
