package org.openeuler.nestos.daemon.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
import org.openeuler.nestos.api.v1alpha1.SysctlSummary;
import org.openeuler.nestos.daemon.cgroup.CgroupWriter;
import org.openeuler.nestos.daemon.core.update.Desired;
import org.openeuler.nestos.daemon.host.DirectoryWatch;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.daemon.rubik.PressureMonitor;
import org.openeuler.nestos.daemon.sysctl.SysctlApplier;
import org.openeuler.nestos.daemon.sysctl.SysctlPaths;
import org.openeuler.nestos.daemon.sysctl.SysctlReport;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
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
  private final CgroupPass cgroups;
  private final HostFs fs;
  // set by any request but the periodic drift tick: the next full pass reads every cgroup file
  private final AtomicBoolean cgroupCheckDue = new AtomicBoolean(true);
  private volatile ForeignWrites foreign = new ForeignWrites(DirectoryWatch.NONE);
  private long driftTicks;

  private NodeStateSpec liveSpec;
  // true at start: a NodeState deleted while the daemon was down is restored by the first pass
  private boolean liveActive = true;
  private SysctlSummary sysctlSummary;
  private StatusWriter.LiveFault sysctlFault;
  private int lateRetries;
  private String lastDrift;
  private long lastDriftNanos;

  /** The least time between two live status writes (a burst of pod events is coalesced). */
  static final Duration STATUS_MIN_INTERVAL = Duration.ofSeconds(1);

  private long lastLiveFlushNanos = System.nanoTime() - STATUS_MIN_INTERVAL.toNanos();
  private boolean flushScheduled;

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
    this.fs = fs;
    this.sysctls = new SysctlApplier(fs, SysctlPaths.defaults());
    this.cgroups = new CgroupPass(fs, options.clock(), options.namespace(), pods);
  }

  /**
   * Loads the cgroup originals from the host (before any write: a pass never records an original
   * over a file the previous daemon already changed), then schedules the periodic drift check. An
   * unreadable record is reported as a fault and blocks every cgroup write until it is readable.
   */
  void start() {
    int n = cgroups.loadOriginals();
    if (n >= 0) {
      LOG.info("node={} cgroup originals loaded: {} files", node, n);
    } else {
      LOG.error("node={} {}", node, cgroups.fault().message());
    }
    try {
      var kernel = cgroups.probe();
      status.kernel(kernel);
      LOG.info("node={} kernel: {}", node, kernel);
    } catch (IOException | RuntimeException e) {
      LOG.warn("node={} probing the kernel failed, not reported: {}", node, e.toString());
    }
    foreign = ForeignWrites.start(fs, loop, this::recheck, () -> request(false), closed, node);
    loop.scheduleWithFixedDelay(
        this::driftTick,
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
    if (!cgroups.monitoring(profile)) {
      return;
    }
    try {
      PressureMonitor.Change change = cgroups.sample(profile);
      PressureMonitor monitor = cgroups.monitor();
      if (change.memoryHigh()) {
        LOG.info(
            "node={} offline pods' memory.high now {} (dynMemory fssr)",
            node,
            monitor.offlineMemoryHigh());
        request(false);
      } else if (change.pressure() && cgroups.summary() != null) {
        PsiPressure p = monitor.pressure();
        LOG.info(
            "node={} pressure {}",
            node,
            p == null
                ? "below the threshold"
                : p.resource() + " avg10 " + p.avg10() + " " + p.source());
        StatusWriter.LiveFault fault = sysctlFault != null ? sysctlFault : cgroups.fault();
        status.liveDeferred(sysctlSummary, cgroups.summary(), fault, driftReport(List.of()));
        flushThrottled();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("node={} pressure sample failed: {}", node, e.toString());
    }
  }

  ExecutorService executor() {
    return loop;
  }

  /** Every periodic pass of this many reads every cgroup file even while all are watched. */
  static final int CGROUP_READ_EVERY_TICKS = 10;

  /**
   * The periodic drift check: sysctls every tick; the cgroup files only every {@link
   * #CGROUP_READ_EVERY_TICKS}th while every one of them is watched (a write by others is then seen
   * when it happens), else every tick.
   */
  private void driftTick() {
    driftTicks++;
    if (!foreign.complete() || driftTicks % CGROUP_READ_EVERY_TICKS == 0) {
      cgroupCheckDue.set(true);
    }
    fullPass.set(true);
    schedulePass();
  }

  /** On the live thread: someone else wrote a managed cgroup file of {@code pod}. */
  private void recheck(String pod) {
    changedPods.add(pod);
    schedulePass();
  }

  void close() {
    foreign.close();
  }

  /**
   * Queues one pass unless one is already pending; {@code podEvent} starts the pod-to-cgroup
   * latency clock.
   */
  void request(boolean podEvent) {
    if (podEvent) {
      firstPodEventNanos.compareAndSet(0, System.nanoTime());
    } else {
      cgroupCheckDue.set(true);
      fullPass.set(true);
    }
    schedulePass();
  }

  private void schedulePass() {
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
    boolean cgroupsDue = cgroupCheckDue.getAndSet(false);
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
        status.live(sysctlSummary, cgroups.summary(), sysctlFault, null);
        return;
      }
      liveActive = true;
      List<String> drifted = new ArrayList<>();
      boolean specChanged = !Objects.equals(spec, liveSpec);
      liveSpec = spec;
      // a pass for pod events only knows the changed pods' outcome: while any write is failing (or
      // anything else is wrong) every pass is a full one, so the status never reports the other
      // pods' failures gone
      full |= specChanged || sysctlSummary == null || cgroups.needsFullPass();
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
      // a drift tick while every managed cgroup file is watched leaves them unread (only the pods
      // a watch event named are checked)
      boolean allCgroups =
          full && (cgroupsDue || specChanged || !foreign.complete() || cgroups.needsFullPass());
      CgroupPass.Outcome outcome = new CgroupPass.Outcome(false);
      if (allCgroups || !changed.isEmpty()) {
        outcome =
            cgroups.run(
                spec, specChanged || !cgroups.probed(), allCgroups ? null : changed, drifted);
        long now = System.nanoTime();
        foreign.track(cgroups.inEffect(), cgroups.lastWritten(), allCgroups, now);
        foreign.corrected(drifted.subList(sysctlDrift, drifted.size()), now);
      }
      if (outcome.lateCgroups() && lateRetries < options.lateCgroupRetries()) {
        lateRetries++;
        loop.schedule(
            () -> request(false), options.lateCgroupRetry().toMillis(), TimeUnit.MILLISECONDS);
      } else if (!outcome.lateCgroups()) {
        lateRetries = 0;
      }
      if (eventAt != 0) {
        metrics.cgroupApply(Duration.ofNanos(System.nanoTime() - eventAt));
      }
      if (!drifted.isEmpty()) {
        metrics.driftCorrected(DaemonMetrics.DriftKind.sysctl, sysctlDrift);
        metrics.driftCorrected(DaemonMetrics.DriftKind.cgroup, drifted.size() - sysctlDrift);
        LOG.info(
            "node={} revision={} re-applied drifted settings {}", node, spec.revision(), drifted);
      }
      StatusWriter.LiveFault fault = sysctlFault != null ? sysctlFault : cgroups.fault();
      status.liveDeferred(sysctlSummary, cgroups.summary(), fault, driftReport(drifted));
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

  private void restoreAll() {
    try {
      SysctlReport r = sysctls.apply(List.of());
      int back = cgroups.restoreAll();
      foreign.track(List.of(), List.of(), true, System.nanoTime());
      if (!r.restored().isEmpty() || back > 0) {
        LOG.info(
            "node={} NodeState gone: restored sysctls {} and cgroups of {} pods; the OS is kept",
            node,
            r.restored(),
            back);
      }
    } catch (Exception e) {
      LOG.warn("node={} restore failed: {}", node, e.toString());
    }
    liveActive = false;
    liveSpec = null;
    sysctlSummary = null;
    sysctlFault = null;
  }
}
