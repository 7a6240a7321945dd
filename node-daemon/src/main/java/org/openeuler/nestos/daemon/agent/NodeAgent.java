package org.openeuler.nestos.daemon.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.api.v1alpha1.SysctlSummary;
import org.openeuler.nestos.daemon.cgroup.CgroupWriter;
import org.openeuler.nestos.daemon.cgroup.CheckpointStore;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult;
import org.openeuler.nestos.daemon.core.update.Desired;
import org.openeuler.nestos.daemon.core.update.UpdateEvent;
import org.openeuler.nestos.daemon.core.update.UpdateMachine;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.daemon.core.update.UpdateState;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.daemon.rubik.CapabilityProbe;
import org.openeuler.nestos.daemon.sysctl.SysctlApplier;
import org.openeuler.nestos.daemon.sysctl.SysctlPaths;
import org.openeuler.nestos.daemon.sysctl.SysctlReport;
import org.openeuler.nestos.daemon.update.HealthProbe;
import org.openeuler.nestos.daemon.update.HostRecordStore;
import org.openeuler.nestos.daemon.update.UpdateAgent;
import org.openeuler.nestos.daemon.update.UpdateExecutor;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.plan.PlanRequest;
import org.openeuler.nestos.rubik.core.plan.QosPlan;
import org.openeuler.nestos.rubik.core.plan.QosPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node daemon's Kubernetes wiring. Watches only its own NodeState ({@code metadata.name=<node>}) and the pods
 * bound to its node ({@code spec.nodeName=<node>}) with informers (no resync, no polling) and drives:
 * <ul>
 *   <li>OS updates through the {@link UpdateAgent}, on one "update" thread (spec changes, verification ticks);</li>
 *   <li>live config on one "live" thread: sysctls through the {@link SysctlApplier} and the rubik profile through
 *   the {@link QosPlanner} + {@link CgroupWriter}, on spec changes, pod events (coalesced), late cgroups (retried)
 *   and a local drift check (local reads only);</li>
 *   <li>the NodeState status through the {@link StatusWriter}, only on transitions.</li>
 * </ul>
 * When the NodeState disappears, sysctls and cgroups are restored and the OS is kept. An action that throws out of
 * the update machine is fatal ({@code onFatal}: the process exits and restarts from the host record).
 */
public final class NodeAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

  /** Tunables; {@link #defaults} for production. */
  public record Options(Duration verifyTick, Duration driftInterval, Duration lateCgroupRetry, int lateCgroupRetries,
      Clock clock, UpdateAgent.StepListener stepListener, Runnable onFatal) {
    public static Options defaults(Runnable onFatal) {
      return new Options(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMillis(200), 50,
          Clock.systemUTC(), null, onFatal);
    }

    public Options withVerifyTick(Duration d) {
      return new Options(d, driftInterval, lateCgroupRetry, lateCgroupRetries, clock, stepListener, onFatal);
    }

    public Options withStepListener(UpdateAgent.StepListener l) {
      return new Options(verifyTick, driftInterval, lateCgroupRetry, lateCgroupRetries, clock, l, onFatal);
    }

    public Options withDriftInterval(Duration d) {
      return new Options(verifyTick, d, lateCgroupRetry, lateCgroupRetries, clock, stepListener, onFatal);
    }
  }

  /** The host side: the OS backend (null: OS updates off), host files, the health probe. */
  public record Host(OsHost os, HostFs fs, HealthProbe probe) { }

  public static final String AGENT_VERSION = version();

  private final KubernetesClient client;
  private final String node;
  private final Host host;
  private final Options options;
  private final DaemonMetrics metrics;
  private final ScheduledExecutorService updateLoop;
  private final ScheduledExecutorService liveLoop;
  private final AtomicReference<NodeState> latest = new AtomicReference<>();
  private final AtomicBoolean livePending = new AtomicBoolean();
  private final AtomicLong firstPodEventNanos = new AtomicLong();
  private final AtomicBoolean crashed = new AtomicBoolean();
  private final SysctlApplier sysctls;
  private final CgroupWriter cgroups;
  private final CapabilityProbe capabilityProbe;
  private final StatusWriter status;
  private final AtomicBoolean claimConflict = new AtomicBoolean();

  private SharedIndexInformer<NodeState> nodeStateInformer;
  private SharedIndexInformer<Pod> podInformer;
  private UpdateAgent agent;
  private NodeStateSpec deliveredSpec;
  private ScheduledFuture<?> tick;
  private UpdatePhase lastPhase = UpdatePhase.IDLE;
  private long phaseSinceNanos = System.nanoTime();
  // live-loop state
  private NodeStateSpec liveSpec;
  private boolean liveActive;
  private NodeCapabilities capabilities;
  private SysctlSummary sysctlSummary;
  private RubikSummary rubikSummary;
  private StatusWriter.LiveFault sysctlFault;
  private StatusWriter.LiveFault rubikFault;
  private int lateRetries;
  private volatile boolean closed;

  public NodeAgent(KubernetesClient client, String node, Host host, DaemonMetrics metrics, Options options) {
    this.client = client;
    this.node = Objects.requireNonNull(node, "node");
    this.host = host;
    this.options = options;
    this.metrics = metrics;
    this.updateLoop = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "nestos-update"));
    this.liveLoop = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "nestos-live"));
    this.sysctls = new SysctlApplier(host.fs(), SysctlPaths.defaults());
    this.cgroups = new CgroupWriter(host.fs(), new CheckpointStore(host.fs()));
    this.capabilityProbe = new CapabilityProbe(host.fs());
    this.status = new StatusWriter(client, node, AGENT_VERSION, options.clock(), latest::get, metrics::statusWrite);
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Recovers from the host record, then starts the two watches. Returns at once; see {@link #synced}. */
  public NodeAgent start() throws Exception {
    if (host.os() != null) {
      String uid = client.nodes().withName(node).get() == null ? null
          : client.nodes().withName(node).get().getMetadata().getUid();
      if (uid == null) {
        throw new IllegalStateException("Node " + node + " not found (NODE_NAME from the downward API?)");
      }
      UpdateExecutor executor = new UpdateExecutor(host.os(), new HostRecordStore(host.fs()), host.probe(),
          new ConflictAwareSink(), options.clock());
      agent = new UpdateAgent(new UpdateMachine(node, uid), executor, options.stepListener());
      updateLoop.submit(() -> guarded(() -> {
        agent.start();
        afterUpdate();
      })).get();
    }
    nodeStateInformer = client.resources(NodeState.class).withField("metadata.name", node)
        .inform(new NodeStateHandler(), 0);
    podInformer = client.pods().inAnyNamespace().withField("spec.nodeName", node).inform(new PodHandler(), 0);
    liveLoop.scheduleWithFixedDelay(() -> requestLivePass(false), options.driftInterval().toMillis(),
        options.driftInterval().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("node={} agent {} started (OS updates {})", node, AGENT_VERSION, host.os() == null ? "off" : "on");
    return this;
  }

  public boolean synced() {
    return nodeStateInformer != null && nodeStateInformer.hasSynced() && podInformer != null
        && podInformer.hasSynced();
  }

  public boolean crashed() {
    return crashed.get();
  }

  public UpdateState updateState() {
    return agent == null ? null : agent.state();
  }

  public long statusWrites() {
    return status.writes();
  }

  public Collection<Pod> pods() {
    return podInformer == null ? List.of() : podInformer.getStore().list();
  }

  /** Waits until the queued work of both loops ran (tests). */
  public void drain() throws Exception {
    updateLoop.submit(() -> { }).get();
    liveLoop.submit(() -> { }).get();
  }

  @Override
  public void close() {
    closed = true;
    if (nodeStateInformer != null) {
      nodeStateInformer.close();
    }
    if (podInformer != null) {
      podInformer.close();
    }
    updateLoop.shutdownNow();
    liveLoop.shutdownNow();
    try {
      updateLoop.awaitTermination(10, TimeUnit.SECONDS);
      liveLoop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("node={} agent stopped", node);
  }

  // ---------------------------------------------------------------- update loop

  private interface Step {
    void run() throws Exception;
  }

  private void guarded(Step step) {
    if (crashed.get() || closed) {
      return;
    }
    try {
      step.run();
    } catch (Exception | Error e) {
      crashed.set(true);
      LOG.error("node={} fatal in the update loop: {}", node, e.toString());
      if (options.onFatal() != null) {
        options.onFatal().run();
      }
    }
  }

  private void onSpec(NodeState ns) {
    if (agent == null) {
      return;
    }
    updateLoop.execute(() -> guarded(() -> {
      NodeStateSpec spec = ns.getSpec();
      if (spec == null || Objects.equals(spec, deliveredSpec)) {
        return;
      }
      deliveredSpec = spec;
      deliver(new UpdateEvent.SpecChanged(spec, ns.getMetadata().getResourceVersion()));
    }));
  }

  private void deliver(UpdateEvent event) {
    agent.handle(event);
    for (int i = 0; i < 5 && claimConflict.getAndSet(false); i++) {
      NodeState fresh = client.resources(NodeState.class).withName(node).get();
      if (fresh == null || fresh.getSpec() == null) {
        break;
      }
      deliveredSpec = fresh.getSpec();
      agent.handle(new UpdateEvent.SpecChanged(fresh.getSpec(), fresh.getMetadata().getResourceVersion()));
    }
    afterUpdate();
  }

  private void afterUpdate() {
    UpdateState s = agent.state();
    UpdatePhase p = s.phase();
    metrics.phase(p);
    if (p != lastPhase) {
      long now = System.nanoTime();
      Duration in = Duration.ofNanos(now - phaseSinceNanos);
      if (lastPhase == UpdatePhase.STAGING) {
        metrics.stage(in);
      }
      if (lastPhase == UpdatePhase.VERIFYING) {
        metrics.verify(in);
      }
      if (p == UpdatePhase.ROLLING_BACK) {
        metrics.rollback();
      }
      LOG.info("node={} revision={} phase {} -> {}{}", node, s.spec() == null ? s.record().revision()
          : s.spec().revision(), lastPhase, p, s.reason() == null ? "" : " (" + s.reason() + ")");
      lastPhase = p;
      phaseSinceNanos = now;
    }
    if (p == UpdatePhase.VERIFYING && (tick == null || tick.isDone())) {
      tick = updateLoop.schedule(() -> guarded(() -> {
        tick = null;
        deliver(new UpdateEvent.Tick(options.clock().instant()));
      }), options.verifyTick().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Records 409s on ticket claims so the loop re-reads the NodeState. */
  private final class ConflictAwareSink implements org.openeuler.nestos.daemon.update.StatusSink {
    @Override
    public boolean claimTicket(String ticket, String resourceVersion) {
      boolean ok = status.claimTicket(ticket, resourceVersion);
      if (!ok) {
        claimConflict.set(true);
      }
      return ok;
    }

    @Override
    public void report(org.openeuler.nestos.api.v1alpha1.NodeStateStatus s) {
      status.report(s);
    }
  }

  // ---------------------------------------------------------------- live loop

  private void requestLivePass(boolean podEvent) {
    if (podEvent) {
      firstPodEventNanos.compareAndSet(0, System.nanoTime());
    }
    if (livePending.compareAndSet(false, true) && !closed) {
      liveLoop.execute(this::livePass);
    }
  }

  private void livePass() {
    livePending.set(false);
    long eventAt = firstPodEventNanos.getAndSet(0);
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
        sysctlFault = new StatusWriter.LiveFault(ConditionReason.INVALID_SPEC, "nothing applied: " + inv.reason());
        status.live(sysctlSummary, rubikSummary, sysctlFault, null);
        return;
      }
      liveActive = true;
      List<String> drifted = new ArrayList<>();
      boolean specChanged = !Objects.equals(spec, liveSpec);
      liveSpec = spec;
      SysctlReport report = sysctls.apply(spec);
      drifted.addAll(report.drifted());
      sysctlSummary = report.toSummary();
      sysctlFault = switch (report.outcome()) {
        case APPLIED -> null;
        case REJECTED -> new StatusWriter.LiveFault(ConditionReason.INVALID_SPEC, "sysctls rejected, nothing written");
        default -> new StatusWriter.LiveFault(ConditionReason.APPLY_FAILED, "sysctl pass " + report.outcome());
      };
      rubikPass(spec, specChanged || capabilities == null || eventAt == 0, drifted);
      if (eventAt != 0) {
        metrics.cgroupApply(Duration.ofNanos(System.nanoTime() - eventAt));
      }
      if (!drifted.isEmpty()) {
        metrics.driftCorrected(drifted.size());
        LOG.info("node={} revision={} re-applied drifted settings {}", node, spec.revision(), drifted);
      }
      StatusWriter.LiveFault fault = sysctlFault != null ? sysctlFault : rubikFault;
      status.live(sysctlSummary, rubikSummary, fault, null);
    } catch (Exception e) {
      LOG.warn("node={} live config pass failed: {}", node, e.toString(), e);
    }
  }

  private void rubikPass(NodeStateSpec spec, boolean reprobe, List<String> drifted) throws IOException {
    if (spec.rubikProfile() == null && cgroups.originals().applied().isEmpty()) {
      rubikSummary = null;
      rubikFault = null;
      return;
    }
    if (reprobe) {
      capabilities = capabilityProbe.probe();
    }
    List<PodSnapshot> pods = pods().stream().map(PodSnapshots::of).toList();
    QosPlan plan = QosPlanner.plan(new PlanRequest(spec.rubikProfile(), capabilities, pods, Map.of(),
        cgroups.originals().applied()));
    if (plan instanceof QosPlan.Ready ready) {
      if (!ready.restores().isEmpty()) {
        cgroups.restore(ready.restores());
      }
      if (!ready.departedPods().isEmpty()) {
        cgroups.forgetPods(ready.departedPods());
      }
      var before = cgroups.drifted(ready.writes());
      CgroupApplyResult result = cgroups.apply(ready.writes());
      before.stream().filter(d -> !result.skipped().stream().anyMatch(s -> s.write().equals(d.write())))
          .forEach(d -> drifted.add(d.write().file()));
      rubikSummary = spec.rubikProfile() == null ? null : ready.toSummary();
      rubikFault = result.ok() ? null : new StatusWriter.LiveFault(ConditionReason.APPLY_FAILED,
          "cgroup writes failed: " + result.failed().size() + " failed, " + result.mismatches().size()
              + " mismatched");
      if (!result.skipped().isEmpty() && lateRetries < options.lateCgroupRetries()) {
        lateRetries++;
        liveLoop.schedule(() -> requestLivePass(false), options.lateCgroupRetry().toMillis(), TimeUnit.MILLISECONDS);
      } else if (result.skipped().isEmpty()) {
        lateRetries = 0;
      }
    } else if (plan instanceof QosPlan.Invalid inv) {
      rubikFault = new StatusWriter.LiveFault(ConditionReason.INVALID_SPEC, "rubikProfile: " + inv.errors());
    } else if (plan instanceof QosPlan.ConflictingAgent c) {
      rubikFault = new StatusWriter.LiveFault(ConditionReason.CONFLICTING_AGENT, c.message());
    }
  }

  private void restoreAll() {
    try {
      SysctlReport r = sysctls.apply(List.of());
      var back = cgroups.restoreAll();
      LOG.info("node={} NodeState gone: restored sysctls {} and cgroups of {} pods; the OS is kept", node,
          r.restored(), back.size());
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

  // ---------------------------------------------------------------- informers

  private final class NodeStateHandler implements ResourceEventHandler<NodeState> {
    @Override
    public void onAdd(NodeState ns) {
      changed(null, ns);
    }

    @Override
    public void onUpdate(NodeState old, NodeState ns) {
      changed(old, ns);
    }

    @Override
    public void onDelete(NodeState ns, boolean unknownFinalState) {
      LOG.info("node={} NodeState deleted", node);
      latest.set(null);
      status.reset();
      updateLoop.execute(() -> deliveredSpec = null);
      requestLivePass(false);
    }

    private void changed(NodeState old, NodeState ns) {
      if (!node.equals(ns.getMetadata().getName()) || ns.getSpec() == null || !node.equals(ns.getSpec().nodeName())) {
        LOG.warn("node={} ignoring NodeState {} naming node {}", node, ns.getMetadata().getName(),
            ns.getSpec() == null ? null : ns.getSpec().nodeName());
        return;
      }
      latest.set(ns);
      if (old != null && Objects.equals(old.getSpec(), ns.getSpec())) {
        return; // our own status write, or metadata only
      }
      onSpec(ns);
      requestLivePass(false);
    }
  }

  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      requestLivePass(true);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
      if (!PodSnapshots.of(old).equals(PodSnapshots.of(pod))) {
        requestLivePass(true);
      }
    }

    @Override
    public void onDelete(Pod pod, boolean unknownFinalState) {
      requestLivePass(true);
    }
  }

  private static String version() {
    String v = NodeAgent.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
