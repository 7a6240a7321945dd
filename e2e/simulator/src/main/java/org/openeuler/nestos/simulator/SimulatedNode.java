package org.openeuler.nestos.simulator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.openeuler.nestos.apiserver.ClientTls;
import org.openeuler.nestos.daemon.agent.CheckerProbe;
import org.openeuler.nestos.daemon.agent.DaemonMetrics;
import org.openeuler.nestos.daemon.agent.NodeAgent;
import org.openeuler.nestos.daemon.agent.OpsServer;
import org.openeuler.nestos.daemon.health.HealthChecker;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.daemon.kube.KubeEndpoint;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.testing.InMemoryOsHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated node: a Node object (UID, labels, Ready, {@code nodeInfo.bootID}, the not-ready
 * taint) kept up to date as a kubelet and the node lifecycle controller would, a host under a temp
 * dir ({@link SimulatedHostFiles}: {@code /proc/sys}, {@code /etc/sysctl.d}, a cgroup v1 tree,
 * {@code /proc/cmdline}), a {@link InMemoryOsHost}, simulated systemd units ({@link
 * SimulatedSystemd}) and the real daemon ({@link NodeAgent} with its real update machine, sysctl
 * applier, cgroup writer and health checker), wired as {@code DaemonMain} wires it. A reboot stops
 * the daemon, resets the kernel state (sysctls from {@code /etc/sysctl.d}, fresh cgroups, the
 * booted kargs in {@code /proc/cmdline}), marks the Node NotReady, then Ready with the new boot id,
 * and starts a new daemon, which recovers from its host record.
 */
public final class SimulatedNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedNode.class);
  private static final String NOT_READY = "node.kubernetes.io/not-ready";

  /** Daemon timings: short verification ticks so that minReadySeconds of 1-2 s are met promptly. */
  public record Timing(Duration verifyTick, Duration bootTime, Duration driftInterval) {
    public static Timing fast() {
      return new Timing(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(5));
    }
  }

  private final String name;
  private final Config apiConfig;
  private final KubernetesClient kubelet;
  private final InMemoryOsHost os;
  private final HostFaults faults = new HostFaults();
  private final SimulatedHostFiles files;
  private final SimulatedSystemd systemd;
  private final Timing timing;
  private final ExecutorService power;
  private final AtomicInteger daemonStarts = new AtomicInteger();
  private final AtomicInteger bootCount = new AtomicInteger(1);
  private NodeApi daemonClient;
  private NodeAgent agent;
  private DaemonMetrics metrics;
  private OpsServer ops;
  private volatile boolean rebooting;
  private volatile int bootAttempts;
  private volatile boolean closed;

  SimulatedNode(
      String name,
      Map<String, String> labels,
      Config apiConfig,
      InMemoryOsHost os,
      Path root,
      Map<String, String> sysctlDefaults,
      Timing timing)
      throws IOException {
    this.name = name;
    this.apiConfig = apiConfig;
    this.os = os;
    this.timing = timing;
    this.kubelet =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(apiConfig).withUserAgent("kubelet/sim").build())
            .build();
    this.files =
        new SimulatedHostFiles(new RootedHostFs(Files.createDirectories(root)), sysctlDefaults);
    this.systemd = new SimulatedSystemd(os);
    this.power =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sim-power-" + name);
              t.setDaemon(true);
              return t;
            });
    // a real reboot kills the daemon inside the call: nothing after it runs in the old process
    os.faults(faults)
        .powerSwitch(
            reason -> {
              rebooting = true;
              power.execute(() -> reboot(reason));
              throw new PowerOff(reason);
            });
    files.boot(os.booted().kernelArguments());
    kubelet
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build())
        .create();
    reportNodeStatus(true);
  }

  public String name() {
    return name;
  }

  public InMemoryOsHost os() {
    return os;
  }

  /** The faults a chaos run sets on this node's host. */
  public HostFaults faults() {
    return faults;
  }

  /** Ends the daemon thread that asked for a reboot, as the reboot would. */
  public static final class PowerOff extends Error {
    PowerOff(String why) {
      super("simulated reboot: " + why, null, false, false);
    }
  }

  public SimulatedSystemd systemd() {
    return systemd;
  }

  public SimulatedHostFiles files() {
    return files;
  }

  /** Reboots so far (a successful update is one, a rollback another). */
  public int reboots() {
    return os.reboots();
  }

  /** Daemon processes started so far (one per boot, plus restarts after a crash). */
  public int daemonStarts() {
    return daemonStarts.get();
  }

  public Deployment booted() {
    return os.booted();
  }

  /**
   * GRUB boot counting for the daemon started next ({@code NESTOS_BOOT_ATTEMPTS};
   * docs/boot-counting.md): 0 (the default) is off.
   */
  public void bootCounting(int attempts) {
    bootAttempts = attempts;
  }

  /** Starts the daemon, as the DaemonSet does once the node is up. */
  public synchronized void startDaemon() {
    if (closed) {
      return;
    }
    daemonStarts.incrementAndGet();
    // the daemon's own lean client, as DaemonMain builds it
    daemonClient =
        new NodeApi(
            new KubeEndpoint(
                URI.create(apiConfig.getMasterUrl()),
                ClientTls.of(apiConfig),
                null,
                "nestos-node-daemon/" + NodeAgent.AGENT_VERSION,
                null));
    NodeAgent[] holder = new NodeAgent[1];
    CheckerProbe probe =
        new CheckerProbe(
            new HealthChecker(
                systemd,
                CheckerProbe.readiness(() -> holder[0] == null ? List.of() : holder[0].pods()),
                Clock.systemUTC()));
    NodeAgent.Options options =
        NodeAgent.Options.defaults(() -> daemonDied(holder[0]))
            .withVerifyTick(timing.verifyTick())
            .withDriftInterval(timing.driftInterval());
    metrics = new DaemonMetrics(name);
    agent =
        new NodeAgent(
            daemonClient,
            name,
            new NodeAgent.Host(os, files.fs(), probe, os.bootCounter(), bootAttempts),
            metrics,
            options);
    holder[0] = agent;
    try {
      NodeAgent a = agent;
      // the daemon's /metrics, /healthz and /readyz as DaemonMain serves them (an ephemeral port)
      ops = new OpsServer(0, metrics::scrape, () -> !a.crashed(), a::synced);
      agent.start();
    } catch (Exception e) {
      throw new IllegalStateException("node " + name + ": the daemon did not start", e);
    }
  }

  /** The port of the current daemon's {@code /metrics} endpoint ({@link OpsServer}). */
  public synchronized int metricsPort() {
    if (ops == null) {
      throw new IllegalStateException("node " + name + ": no daemon running");
    }
    return ops.port();
  }

  /** Whether the current daemon's watches synced. */
  public synchronized boolean daemonSynced() {
    return agent != null && agent.synced();
  }

  /** Stops the daemon (SIGTERM), e.g. before a reboot. */
  public synchronized void stopDaemon() {
    if (agent != null) {
      agent.close();
      if (ops != null) {
        ops.close();
      }
      metrics.close();
      daemonClient.close();
      agent = null;
      ops = null;
      metrics = null;
      daemonClient = null;
    }
  }

  /**
   * The daemon's fatal path: a reboot in progress ends it anyway; otherwise the DaemonSet restarts
   * it (the process that died, not one started since).
   */
  private void daemonDied(NodeAgent dead) {
    if (rebooting || closed) {
      return;
    }
    LOG.warn("node={} daemon crashed: restarting it", name);
    power.execute(
        () -> {
          if (stopDaemonIfCurrent(dead)) {
            startDaemonAsKubeletWould();
          }
        });
  }

  /**
   * Stops {@code dead} if it is still the node's daemon; false when another one runs already (it
   * was restarted in between): a dead process's exit must not kill its successor.
   */
  private synchronized boolean stopDaemonIfCurrent(NodeAgent dead) {
    if (agent != dead) {
      return false;
    }
    stopDaemon();
    return true;
  }

  /**
   * The daemon process dies at a random moment (SIGKILL, OOM) and the DaemonSet starts it again;
   * false (nothing done) while the node reboots.
   */
  public boolean restartDaemon() {
    if (rebooting || closed) {
      return false;
    }
    power.execute(
        () -> {
          stopDaemon();
          startDaemonAsKubeletWould();
        });
    return true;
  }

  /** An unplanned reboot (power loss, an admin): the staged deployment is dropped. */
  public void unplannedReboot() {
    rebooting = true;
    os.unplannedReboot();
    power.execute(() -> reboot("unplanned"));
  }

  private void reboot(String reason) {
    try {
      LOG.info("node={} rebooting ({})", name, reason);
      stopDaemon();
      if (closed) {
        return;
      }
      reportNodeStatus(false);
      if (os.hung()) {
        LOG.warn(
            "node={} hangs at boot ({} hung boots): down until someone reaches its console",
            name,
            os.hungBoots());
        return;
      }
      files.boot(os.booted().kernelArguments());
      bootCount.incrementAndGet();
      sleep(timing.bootTime());
      reportNodeStatus(true);
      LOG.info(
          "node={} up: boot {} on {} ({})",
          name,
          bootCount.get(),
          os.booted().version(),
          os.bootId());
    } finally {
      rebooting = false;
    }
    startDaemonAsKubeletWould();
  }

  /**
   * Starts the daemon; a start that fails (the API server unreachable at that moment: the process
   * exits) is tried again after a doubling delay, as the kubelet restarts a crashed container
   * (CrashLoopBackOff, here from 500 ms up to 8 s).
   */
  private void startDaemonAsKubeletWould() {
    long backoff = 500;
    while (!closed) {
      try {
        startDaemon();
        return;
      } catch (RuntimeException e) {
        LOG.warn("node={} daemon exited at start ({}): restarting in {} ms", name, e, backoff);
        stopDaemon();
        sleep(Duration.ofMillis(backoff));
        backoff = Math.min(8_000, backoff * 2);
      }
    }
  }

  /** The kubelet's part: Ready, the boot id, the OS image name. */
  private void reportNodeStatus(boolean ready) {
    NodeCondition condition =
        new NodeConditionBuilder()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .withReason(ready ? "KubeletReady" : "KubeletNotReady")
            .withMessage(ready ? "kubelet is posting ready status" : "node is rebooting")
            .withLastHeartbeatTime(Instant.now().toString())
            .withLastTransitionTime(Instant.now().toString())
            .build();
    for (int attempt = 0; ; attempt++) {
      try {
        kubelet
            .nodes()
            .withName(name)
            .editStatus(
                n -> {
                  Node copy =
                      new NodeBuilder(n)
                          .editOrNewStatus()
                          .withConditions(condition)
                          .editOrNewNodeInfo()
                          .withBootID(os.bootId())
                          .withOsImage("NestOS For Container " + os.booted().version())
                          .withKernelVersion("6.6.0-nestos")
                          .withKubeletVersion("v1.32.0")
                          .withOperatingSystem("linux")
                          .withArchitecture("amd64")
                          .endNodeInfo()
                          .endStatus()
                          .build();
                  return copy;
                });
        break;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        // the kubelet posts its status again and again until it lands (every 10 s, or at once
        // after a conflict); a refused post never ends its boot (chaos seed 71: a node left
        // NotReady, its daemon never started, after one 503 under API errors)
        if (closed) {
          return;
        }
        if (e.getCode() != 409) {
          sleep(Duration.ofMillis(Math.min(2_000, 100L << Math.min(attempt, 5))));
        }
      }
    }
    for (int attempt = 0; ; attempt++) {
      try {
        notReadyTaint(!ready);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (closed) {
          return;
        }
        sleep(Duration.ofMillis(Math.min(2_000, 100L << Math.min(attempt, 5))));
      }
    }
  }

  /**
   * The node lifecycle controller's part: {@code node.kubernetes.io/not-ready:NoSchedule} while the
   * node is not Ready. The real apiserver puts it on every new Node (admission plugin
   * TaintNodesByCondition) and the fixture runs no node lifecycle controller to lift it.
   */
  private void notReadyTaint(boolean present) {
    kubelet
        .nodes()
        .withName(name)
        .edit(
            n -> {
              List<Taint> taints =
                  new ArrayList<>(
                      n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
              boolean has = taints.stream().anyMatch(t -> NOT_READY.equals(t.getKey()));
              if (has == present) {
                return n;
              }
              if (present) {
                taints.add(new Taint("NoSchedule", NOT_READY, null, null));
              } else {
                taints.removeIf(t -> NOT_READY.equals(t.getKey()));
              }
              n.getSpec().setTaints(taints);
              return n;
            });
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    power.shutdownNow();
    stopDaemon();
    kubelet.close();
  }
}
