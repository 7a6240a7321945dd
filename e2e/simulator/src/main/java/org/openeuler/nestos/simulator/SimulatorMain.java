package org.openeuler.nestos.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SimulatedCluster} until SIGTERM, for the demo and for exploring with kubectl. Flags
 * ({@code --name=value}):
 *
 * <pre>
 *   --nodes=6                       simulated nodes
 *   --kubeconfig=PATH               where to write the kubeconfig (default target/simulator.kubeconfig)
 *   --images=24.03.1,24.03.2        NestOS versions to build and push to the registry besides the booted one
 *   --env-file=PATH                 also write KUBECONFIG=..., IMAGE_&lt;version&gt;=&lt;ref&gt;, WORK_DIR=... there
 *   --work-dir=PATH                 the nodes' host files (default: a temp dir)
 *   --leader-election=true          run the operator with Lease leader election
 *   --control-plane=auto            real (the upstream kube-apiserver, etcd, kube-controller-manager
 *                                   built by scripts/build-control-plane), standin (the project's
 *                                   embedded API server) or auto (real where it is built)
 * </pre>
 *
 * Prints {@code kubeconfig: <path>} and one {@code image <version>: <ref>} line per pushed image
 * once the cluster is up; the env file is written last (its presence means "ready").
 */
public final class SimulatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);

  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("flags are --name=value, got " + a);
      }
      flags.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    int nodes = Integer.parseInt(flags.getOrDefault("nodes", "6"));
    Path kubeconfig =
        Path.of(flags.getOrDefault("kubeconfig", "target/simulator.kubeconfig")).toAbsolutePath();
    List<String> versions =
        flags.getOrDefault("images", "24.03.1").isBlank()
            ? List.of()
            : List.of(flags.getOrDefault("images", "24.03.1").split(","));
    SimulatedCluster.Options options =
        SimulatedCluster.Options.nodes(nodes)
            .withLeaderElection(
                Boolean.parseBoolean(flags.getOrDefault("leader-election", "true")));
    options =
        options.withControlPlane(
            ClusterBackend.Kind.parse(flags.getOrDefault("control-plane", "auto")));
    if (flags.containsKey("work-dir")) {
      options = options.withWorkDir(Path.of(flags.get("work-dir")).toAbsolutePath());
    }

    SimulatedCluster cluster = SimulatedCluster.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping the simulated cluster");
                  cluster.close();
                  stopped.countDown();
                },
                "nestos-sim-shutdown"));

    cluster.writeKubeconfig(kubeconfig);
    List<String> env =
        new ArrayList<>(
            List.of(
                "KUBECONFIG=" + kubeconfig,
                "WORK_DIR=" + cluster.workDir(),
                "REGISTRY=" + cluster.registry().host(),
                "CONTROL_PLANE=" + cluster.backend().kind().name().toLowerCase(Locale.ROOT)));
    System.out.println("kubeconfig: " + kubeconfig);
    System.out.println(
        "control plane: " + cluster.backend().kind() + " " + cluster.backend().url());
    for (String v : versions) {
      String ref = cluster.osImage(v.strip());
      System.out.println("image " + v.strip() + ": " + ref);
      env.add("IMAGE_" + v.strip().replaceAll("[^A-Za-z0-9]", "_") + "=" + ref);
    }
    System.out.flush();
    if (flags.containsKey("env-file")) {
      Path file = Path.of(flags.get("env-file")).toAbsolutePath();
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.createDirectories(file.getParent());
      Files.write(tmp, env);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    LOG.info("simulated cluster ready: {} nodes; Ctrl-C or SIGTERM stops it", nodes);
    stopped.await();
  }
}
