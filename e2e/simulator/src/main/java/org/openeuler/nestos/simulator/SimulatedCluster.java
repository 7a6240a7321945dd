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
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.operator.OperatorConfig;
import org.openeuler.nestos.operator.OperatorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole simulated cluster in one JVM: the test API server, a real OCI registry holding NestOS
 * images ({@link SimulatorRegistry}), N {@link SimulatedNode}s each running the real node daemon on
 * a simulated host, and the real operator ({@link OperatorRuntime}, as {@code OperatorMain} starts
 * it). Nodes are {@code node-1..N}, labelled {@code node-role.kubernetes.io/worker} and {@code
 * topology.kubernetes.io/zone=zone-a|b|c}, booted from NestOS {@link Options#initialVersion} with
 * kernel arguments {@link #BOOT_KARGS}.
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

  public static final String REPOSITORY = "nestos/nestos-for-container";
  public static final List<String> BOOT_KARGS =
      List.of("root=UUID=6a3b8e0c", "rw", "console=ttyS0", "ignition.platform.id=qemu");

  /**
   * @param nodes how many nodes
   * @param initialVersion the NestOS version every node boots first
   * @param leaderElection run the operator with Lease leader election (as in production)
   * @param timing the daemons' ticks and the simulated boot time
   * @param workDir where node roots go (null: a new temp dir, deleted on close)
   */
  public record Options(
      int nodes,
      String initialVersion,
      boolean leaderElection,
      SimulatedNode.Timing timing,
      Path workDir) {
    public static Options nodes(int n) {
      return new Options(n, "24.03.0", false, SimulatedNode.Timing.fast(), null);
    }

    public Options withLeaderElection(boolean on) {
      return new Options(nodes, initialVersion, on, timing, workDir);
    }

    public Options withWorkDir(Path dir) {
      return new Options(nodes, initialVersion, leaderElection, timing, dir);
    }
  }

  private final Options options;
  private final SimulatorRegistry registry;
  private final TestApiServer server;
  private final KubernetesClient admin;
  private final Path workDir;
  private final boolean ownWorkDir;
  private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
  private final AvailabilityMonitor availability;
  private OperatorRuntime operator;

  private SimulatedCluster(Options options) throws IOException {
    this.options = options;
    this.registry = SimulatorRegistry.shared();
    this.ownWorkDir = options.workDir() == null;
    this.workDir =
        ownWorkDir
            ? Files.createTempDirectory("nestos-sim-")
            : Files.createDirectories(options.workDir());
    String initial = osImage(options.initialVersion());
    this.server = TestApiServer.start();
    this.admin = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
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
      SimulatedOsHost os =
          new SimulatedOsHost(
              registry.client(), "ostree-unverified-registry:" + initial, BOOT_KARGS);
      nodes.put(
          name,
          new SimulatedNode(
              name,
              labels,
              server.clientConfig(),
              os,
              workDir.resolve(name),
              SimulatedHostFiles.DEFAULT_SYSCTLS,
              options.timing()));
    }
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
          "simulated cluster up: {} nodes, API server {}, registry {}",
          options.nodes(),
          c.server.url(),
          c.registry.host());
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Starts the real operator (again, after {@link #stopOperator}). */
  public synchronized void startOperator() {
    if (operator != null) {
      return;
    }
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--metrics-port=0",
                "--lease-namespace=default",
                "--identity=nestos-operator-sim",
                "--leader-election=" + options.leaderElection()));
    OperatorConfig config = OperatorConfig.from(Map.of(), flags.toArray(String[]::new));
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(server.clientConfig())
                    .withUserAgent("nestos-operator/sim")
                    .build())
            .withKubernetesSerialization(org.openeuler.nestos.api.LenientResources.serialization())
            .build();
    operator = OperatorRuntime.start(client, config, Clock.systemUTC());
  }

  public synchronized void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
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

  public TestApiServer server() {
    return server;
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

  public Path writeKubeconfig(Path file) throws IOException {
    return server.writeKubeconfig(file);
  }

  @Override
  public void close() {
    stopOperator();
    nodes.values().forEach(SimulatedNode::close);
    availability.close();
    admin.close();
    server.close();
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
