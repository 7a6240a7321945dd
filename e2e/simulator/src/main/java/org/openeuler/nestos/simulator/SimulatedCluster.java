package org.openeuler.nestos.simulator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openeuler.nestos.operator.OperatorConfig;
import org.openeuler.nestos.operator.OperatorRuntime;
import org.openeuler.nestos.ostree.testing.InMemoryOsHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole simulated cluster in one JVM: an API server ({@link ClusterBackend}: the project's
 * stand-in, or the upstream control plane with {@code -Dnestos.controlPlane=real}), a real OCI
 * registry holding NestOS images ({@link SimulatorRegistry}), N {@link SimulatedNode}s each running
 * the real node daemon on a simulated host, and the real operator ({@link OperatorRuntime}, as
 * {@code OperatorMain} starts it). Nodes are {@code node-1..N}, labelled {@code
 * node-role.kubernetes.io/worker} and {@code topology.kubernetes.io/zone=zone-a|b|c}, booted from
 * NestOS {@link Options#initialVersion} with kernel arguments {@link #BOOT_KARGS}.
 *
 * <pre>{@code
 * try (SimulatedCluster c = SimulatedCluster.start(SimulatedCluster.Options.nodes(6))) {
 *   String image = c.osImage("24.03.1");   // pushed to the registry, pinned by digest
 *   c.admin().resource(osVersion(image)).create();
 * }
 * }</pre>
 */
public final class SimulatedCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);

  /** The operator's identity (its Lease holder name) when one instance runs. */
  public static final String IDENTITY = "nestos-operator-sim";

  public static final String REPOSITORY = "nestos/nestos-for-container";
  public static final List<String> BOOT_KARGS =
      List.of("root=UUID=6a3b8e0c", "rw", "console=ttyS0", "ignition.platform.id=qemu");

  /**
   * @param nodes how many nodes
   * @param initialVersion the NestOS version every node boots first
   * @param leaderElection run the operator with Lease leader election (as in production)
   * @param timing the daemons' ticks and the simulated boot time
   * @param workDir where node roots go (null: a new temp dir, deleted on close)
   * @param controlPlane the API server ({@link ClusterBackend.Kind#configured()} by default)
   * @param bootAttempts GRUB boot counting on every node's daemon (0: off; docs/boot-counting.md)
   * @param operatorFlags more command-line flags for every operator instance (e.g. lease timings,
   *     {@code --global-max-unavailable})
   */
  public record Options(
      int nodes,
      String initialVersion,
      boolean leaderElection,
      SimulatedNode.Timing timing,
      Path workDir,
      ClusterBackend.Kind controlPlane,
      int bootAttempts,
      List<String> operatorFlags) {
    public static Options nodes(int n) {
      return new Options(
          n,
          "24.03.0",
          false,
          SimulatedNode.Timing.fast(),
          null,
          ClusterBackend.Kind.configured(),
          0,
          List.of());
    }

    public Options withLeaderElection(boolean on) {
      return new Options(
          nodes, initialVersion, on, timing, workDir, controlPlane, bootAttempts, operatorFlags);
    }

    public Options withWorkDir(Path dir) {
      return new Options(
          nodes,
          initialVersion,
          leaderElection,
          timing,
          dir,
          controlPlane,
          bootAttempts,
          operatorFlags);
    }

    public Options withControlPlane(ClusterBackend.Kind kind) {
      return new Options(
          nodes,
          initialVersion,
          leaderElection,
          timing,
          workDir,
          kind,
          bootAttempts,
          operatorFlags);
    }

    public Options withBootCounting(int attempts) {
      return new Options(
          nodes,
          initialVersion,
          leaderElection,
          timing,
          workDir,
          controlPlane,
          attempts,
          operatorFlags);
    }

    public Options withOperatorFlags(List<String> flags) {
      return new Options(
          nodes,
          initialVersion,
          leaderElection,
          timing,
          workDir,
          controlPlane,
          bootAttempts,
          List.copyOf(flags));
    }
  }

  private final Options options;
  private final SimulatorRegistry registry;
  private final ClusterBackend backend;
  private final KubernetesClient admin;
  private final Path workDir;
  private final boolean ownWorkDir;
  private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
  private final AvailabilityMonitor availability;
  private final PodLifecycle pods;
  private final Map<String, OperatorRuntime> operators = new LinkedHashMap<>();
  private volatile java.util.function.Consumer<String> lostLeadership = this::killOperator;

  private SimulatedCluster(Options options) throws IOException {
    this.options = options;
    this.registry = SimulatorRegistry.shared();
    this.ownWorkDir = options.workDir() == null;
    this.workDir =
        ownWorkDir
            ? Files.createTempDirectory("nestos-sim-")
            : Files.createDirectories(options.workDir());
    String initial = osImage(options.initialVersion());
    this.backend = ClusterBackend.start(options.controlPlane());
    this.admin = new KubernetesClientBuilder().withConfig(backend.clientConfig()).build();
    this.availability = new AvailabilityMonitor(admin);
    for (int i = 1; i <= options.nodes(); i++) {
      String name = "node-" + i;
      Map<String, String> labels =
          Map.of(
              "node-role.kubernetes.io/worker",
              "",
              "topology.kubernetes.io/zone",
              "zone-" + (char) ('a' + (i - 1) % 3),
              "kubernetes.io/hostname",
              name);
      InMemoryOsHost os =
          new InMemoryOsHost(
              InMemoryOsHost.registry(registry.client()),
              "ostree-unverified-registry:" + initial,
              BOOT_KARGS);
      nodes.put(
          name,
          new SimulatedNode(
              name,
              labels,
              backend.clientConfig(),
              os,
              workDir.resolve(name),
              SimulatedHostFiles.DEFAULT_SYSCTLS,
              options.timing()));
      nodes.get(name).bootCounting(options.bootAttempts());
    }
    this.pods = new PodLifecycle(admin, nodes.keySet());
  }

  /**
   * Starts everything: registry (once per JVM), API server, nodes and their daemons, then the
   * operator.
   */
  public static SimulatedCluster start(Options options) throws IOException {
    SimulatedCluster c = new SimulatedCluster(options);
    try {
      c.nodes.values().forEach(SimulatedNode::startDaemon);
      c.startOperator();
      LOG.info(
          "simulated cluster up: {} nodes, API server {} ({}), registry {}",
          options.nodes(),
          c.backend.url(),
          c.backend.kind(),
          c.registry.host());
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Starts the real operator (again, after {@link #stopOperator}). */
  public void startOperator() {
    startOperator(IDENTITY);
  }

  /**
   * Starts an operator instance named {@code identity} (a second one is a standby replica: run the
   * cluster with leader election).
   */
  public synchronized void startOperator(String identity) {
    if (operators.containsKey(identity)) {
      return;
    }
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--metrics-port=0",
                "--lease-namespace=default",
                "--identity=" + identity,
                "--leader-election=" + options.leaderElection()));
    flags.addAll(options.operatorFlags());
    OperatorConfig config = OperatorConfig.from(Map.of(), flags.toArray(String[]::new));
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(backend.clientConfig())
                    .withUserAgent(operatorUserAgent(identity))
                    .build())
            .withKubernetesSerialization(org.openeuler.nestos.api.LenientResources.serialization())
            .build();
    try {
      operators.put(
          identity,
          OperatorRuntime.start(
              client,
              config,
              Clock.systemUTC(),
              () -> {
                LOG.warn(
                    "operator {} lost its leadership: it exits, as the product does", identity);
                lostLeadership.accept(identity);
              },
              // JOSDK's default for an informer stopped for good is System.exit(1): the whole
              // simulator (and a chaos batch) would end; only this instance ends, as its process
              new org.openeuler.nestos.operator.Reconcilers.Overrides(
                  null,
                  org.openeuler.nestos.operator.rollout.RolloutTimings.NONE,
                  () -> lostLeadership.accept(identity))));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * What happens to an operator instance that lost its leadership or whose informer stopped for
   * good (its identity is passed). The product's process exits (OperatorMain; JOSDK), so that two
   * instances never act at the same time; by default the instance is killed ({@link
   * #killOperator}). The chaos runner also cuts it off the API server first and starts a new
   * replica, as the Deployment would.
   */
  public void onLostLeadership(java.util.function.Consumer<String> action) {
    this.lostLeadership = action;
  }

  /**
   * Kills operator instance {@code identity} as SIGKILL would: nothing it sends reaches the API
   * server any more (the caller cuts it off there first, e.g. with the stand-in's {@code ApiFaults}
   * on its user agent {@link #operatorUserAgent}), so a leader keeps its Lease until it expires.
   * The process winds down in the background.
   */
  public synchronized void killOperator(String identity) {
    OperatorRuntime op = operators.remove(identity);
    if (op != null) {
      Thread down = new Thread(op::close, "killed-" + identity);
      down.setDaemon(true);
      down.start();
    }
  }

  /** The {@code User-Agent} of operator instance {@code identity}'s requests. */
  public static String operatorUserAgent(String identity) {
    return "nestos-operator/" + identity;
  }

  /** The operator instances running. */
  public synchronized List<String> operatorIdentities() {
    return List.copyOf(operators.keySet());
  }

  /** The holder of the operator's Lease (leader election), or null. */
  public String leaseHolder() {
    var lease = admin.leases().inNamespace("default").withName("nestos-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  /**
   * The port of operator instance {@code identity}'s {@code /metrics} ({@code OperatorEndpoints}).
   */
  public synchronized int operatorMetricsPort(String identity) {
    OperatorRuntime op = operators.get(identity);
    if (op == null) {
      throw new IllegalStateException("no operator " + identity + " running");
    }
    return op.endpointsPort();
  }

  /** Stops every operator instance. */
  public synchronized void stopOperator() {
    List.copyOf(operators.keySet()).forEach(this::stopOperator);
  }

  /** Stops operator instance {@code identity} (SIGTERM: a leader releases its Lease). */
  public synchronized void stopOperator(String identity) {
    OperatorRuntime op = operators.remove(identity);
    if (op != null) {
      op.close();
    }
  }

  /**
   * Pushes NestOS {@code version} to the registry (once) and returns its digest-pinned reference.
   */
  public String osImage(String version) throws IOException {
    return registry.pushOsImage(REPOSITORY, version);
  }

  /** The nodes' host roots: {@code <workDir>/<node>/proc/sys/...}. */
  public Path workDir() {
    return workDir;
  }

  public SimulatorRegistry registry() {
    return registry;
  }

  /** The API server: the stand-in or the real control plane. */
  public ClusterBackend backend() {
    return backend;
  }

  /** A cluster-admin client (the test's kubectl). */
  public KubernetesClient admin() {
    return admin;
  }

  public SimulatedNode node(String name) {
    SimulatedNode n = nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return n;
  }

  /**
   * The machine is gone for good: its daemon and kubelet stop and its Node object is deleted (the
   * garbage collector then removes the NodeState the Node owns).
   */
  public void removeNode(String name) {
    node(name).close();
    nodes.remove(name);
    admin.nodes().withName(name).delete();
  }

  public List<SimulatedNode> nodes() {
    return List.copyOf(nodes.values());
  }

  /**
   * The most nodes that were unavailable (cordoned or NotReady) at the same time, since start or
   * the last reset.
   */
  public AvailabilityMonitor availability() {
    return availability;
  }

  /**
   * OSVersions and NodeConfigs with their status, every NodeState's spec and status, the Events in
   * {@code default}, and each node's host: what a failed test prints.
   */
  public String describe() {
    StringBuilder b = new StringBuilder("cluster on " + backend.kind() + ":\n");
    try {
      for (String kind : List.of("OSVersion", "NodeConfig", "NodeState")) {
        for (var r :
            admin
                .genericKubernetesResources("nestos.openeuler.org/v1alpha1", kind)
                .list()
                .getItems()) {
          b.append(kind)
              .append(' ')
              .append(r.getMetadata().getName())
              .append(" spec=")
              .append(io.fabric8.kubernetes.client.utils.Serialization.asJson(r.get("spec")))
              .append(" status=")
              .append(io.fabric8.kubernetes.client.utils.Serialization.asJson(r.get("status")))
              .append('\n');
        }
      }
      for (var e : admin.v1().events().inNamespace("default").list().getItems()) {
        b.append("Event ")
            .append(e.getInvolvedObject().getName())
            .append(' ')
            .append(e.getReason())
            .append(": ")
            .append(e.getMessage())
            .append('\n');
      }
    } catch (RuntimeException e) {
      b.append("(could not read the cluster: ").append(e).append(")\n");
    }
    for (SimulatedNode n : nodes()) {
      b.append("host ")
          .append(n.name())
          .append(": booted ")
          .append(n.booted().version())
          .append(", reboots ")
          .append(n.reboots())
          .append(", staged ")
          .append(n.os().status().staged().isPresent())
          .append('\n');
    }
    return b.toString();
  }

  public Path writeKubeconfig(Path file) throws IOException {
    return backend.writeKubeconfig(file);
  }

  @Override
  public void close() {
    stopOperator();
    nodes.values().forEach(SimulatedNode::close);
    pods.close();
    availability.close();
    admin.close();
    backend.close();
    if (ownWorkDir) {
      deleteQuietly(workDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", dir, e.toString());
    }
  }
}
