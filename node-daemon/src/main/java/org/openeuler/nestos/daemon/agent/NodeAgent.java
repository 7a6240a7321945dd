package org.openeuler.nestos.daemon.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.daemon.cgroup.CgroupWriter;
import org.openeuler.nestos.daemon.core.update.UpdateState;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.daemon.kube.PodView;
import org.openeuler.nestos.daemon.sysctl.SysctlApplier;
import org.openeuler.nestos.daemon.update.HealthProbe;
import org.openeuler.nestos.daemon.update.UpdateAgent;
import org.openeuler.nestos.ostree.host.BootCounter;
import org.openeuler.nestos.ostree.host.BootDiagnostics;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.plan.QosPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node daemon's Kubernetes wiring. Watches only its own NodeState ({@code
 * metadata.name=<node>}) and the pods bound to its node ({@code spec.nodeName=<node>}) with
 * informers (no resync, no polling; {@link NodeWatches}) and drives:
 *
 * <ul>
 *   <li>OS updates through the {@link UpdateAgent}, on one "update" thread (spec changes,
 *       verification ticks; {@link OsUpdateLoop});
 *   <li>live config on one "live" thread: sysctls through the {@link SysctlApplier} and the rubik
 *       profile through the {@link QosPlanner} + {@link CgroupWriter}, on spec changes, pod events
 *       (coalesced), late cgroups (retried) and a local drift check (local reads only; {@link
 *       LiveConfigLoop});
 *   <li>the NodeState status through the {@link StatusWriter}, only on transitions.
 * </ul>
 *
 * When the NodeState disappears, sysctls and cgroups are restored and the OS is kept. An action
 * that throws out of the update machine is fatal ({@code onFatal}: the process exits and restarts
 * from the host record).
 */
public final class NodeAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

  /**
   * Tunables; {@link #defaults} for production. {@code namespace}: the daemon's own namespace (the
   * operator's), protected from offline QoS like kube-system; null when unknown.
   */
  public record Options(
      Duration verifyTick,
      Duration driftInterval,
      Duration lateCgroupRetry,
      int lateCgroupRetries,
      Clock clock,
      UpdateAgent.StepListener stepListener,
      Runnable onFatal,
      String namespace,
      Duration pressureInterval) {
    public static Options defaults(Runnable onFatal) {
      return new Options(
          Duration.ofSeconds(5),
          Duration.ofSeconds(60),
          Duration.ofMillis(200),
          50,
          Clock.systemUTC(),
          null,
          onFatal,
          null,
          Duration.ofSeconds(10));
    }

    public Options withVerifyTick(Duration d) {
      return new Options(
          d,
          driftInterval,
          lateCgroupRetry,
          lateCgroupRetries,
          clock,
          stepListener,
          onFatal,
          namespace,
          pressureInterval);
    }

    public Options withStepListener(UpdateAgent.StepListener l) {
      return new Options(
          verifyTick,
          driftInterval,
          lateCgroupRetry,
          lateCgroupRetries,
          clock,
          l,
          onFatal,
          namespace,
          pressureInterval);
    }

    public Options withDriftInterval(Duration d) {
      return new Options(
          verifyTick,
          d,
          lateCgroupRetry,
          lateCgroupRetries,
          clock,
          stepListener,
          onFatal,
          namespace,
          pressureInterval);
    }

    public Options withNamespace(String ns) {
      return new Options(
          verifyTick,
          driftInterval,
          lateCgroupRetry,
          lateCgroupRetries,
          clock,
          stepListener,
          onFatal,
          ns,
          pressureInterval);
    }

    /** How often features.dynMemory and features.psi sample the node (rubik's default: 10 s). */
    public Options withPressureInterval(Duration d) {
      return new Options(
          verifyTick,
          driftInterval,
          lateCgroupRetry,
          lateCgroupRetries,
          clock,
          stepListener,
          onFatal,
          namespace,
          d);
    }
  }

  /** The host side: the OS backend (null: OS updates off), host files, the health probe. */
  /**
   * The host's ports; {@code bootCounter} with {@code bootAttempts} boots per new deployment is its
   * boot counting (docs/boot-counting.md; {@link BootCounter#NONE} and 0 without), {@code
   * bootDiagnostics} reads the journal of a boot GRUB gave up on.
   */
  public record Host(
      OsHost os,
      HostFs fs,
      HealthProbe probe,
      BootCounter bootCounter,
      int bootAttempts,
      BootDiagnostics bootDiagnostics) {
    public Host {
      bootCounter = bootCounter == null ? BootCounter.NONE : bootCounter;
      bootDiagnostics = bootDiagnostics == null ? BootDiagnostics.NONE : bootDiagnostics;
    }

    /** Without a reader of the failed boots' journal ({@link BootDiagnostics#NONE}). */
    public Host(
        OsHost os, HostFs fs, HealthProbe probe, BootCounter bootCounter, int bootAttempts) {
      this(os, fs, probe, bootCounter, bootAttempts, BootDiagnostics.NONE);
    }

    public Host(OsHost os, HostFs fs, HealthProbe probe) {
      this(os, fs, probe, BootCounter.NONE, 0, BootDiagnostics.NONE);
    }
  }

  public static final String AGENT_VERSION = version();

  private final String node;
  private final Host host;
  private final AtomicReference<NodeState> latest = new AtomicReference<>();
  private final StatusWriter status;
  private final OsUpdateLoop update;
  private final LiveConfigLoop live;
  private final NodeWatches watches;
  private volatile boolean closed;

  public NodeAgent(NodeApi api, String node, Host host, DaemonMetrics metrics, Options options) {
    this.node = Objects.requireNonNull(node, "node");
    this.host = host;
    this.status =
        new StatusWriter(
            api, node, AGENT_VERSION, options.clock(), latest::get, metrics::statusWrite);
    this.update = new OsUpdateLoop(api, node, host, options, metrics, status, () -> closed);
    this.live =
        new LiveConfigLoop(
            node,
            host.fs(),
            options,
            metrics,
            status,
            latest::get,
            this::podSnapshots,
            () -> closed,
            this::synced);
    this.watches = new NodeWatches(api, node, latest, status, update, live);
  }

  static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Recovers from the host record, loads the cgroup originals, then starts the two watches
   * (returning once both caches are synced); the first live pass runs after that.
   */
  public NodeAgent start() throws Exception {
    update.start();
    live.start();
    watches.start();
    LOG.info(
        "node={} agent {} started (OS updates {})",
        node,
        AGENT_VERSION,
        host.os() == null ? "off" : "on");
    return this;
  }

  public boolean synced() {
    return watches != null && watches.synced();
  }

  public boolean crashed() {
    return update.crashed();
  }

  public UpdateState updateState() {
    return update.state();
  }

  public long statusWrites() {
    return status.writes();
  }

  private Collection<PodSnapshot> podSnapshots() {
    return watches.podSnapshots();
  }

  public Collection<PodView> pods() {
    return watches.pods();
  }

  /** Waits until the queued work of both loops ran (tests). */
  public void drain() throws Exception {
    update.executor().submit(() -> {}).get();
    live.executor().submit(() -> {}).get();
  }

  @Override
  public void close() {
    closed = true;
    watches.close();
    update.executor().shutdownNow();
    live.executor().shutdownNow();
    live.close();
    try {
      update.executor().awaitTermination(10, TimeUnit.SECONDS);
      live.executor().awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("node={} agent stopped", node);
  }

  private static String version() {
    String v = NodeAgent.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
