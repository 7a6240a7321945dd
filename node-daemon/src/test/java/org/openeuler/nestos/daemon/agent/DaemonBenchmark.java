package org.openeuler.nestos.daemon.agent;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.apiserver.TestApiServer;

/** See scripts/bench-daemon. Args: [pods] [idle seconds]. */
public final class DaemonBenchmark {

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int idle = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    String node = "bench-node";
    Path root = Files.createTempDirectory("nestos-bench-daemon");
    Path cg = root.resolve("sys/fs/cgroup");
    for (String c : List.of("cpu", "memory", "blkio")) {
      Files.createDirectories(cg.resolve(c + "/kubepods/besteffort"));
    }
    Files.writeString(cg.resolve("cpu/kubepods/cpu.idle"), "0\n");
    Files.writeString(cg.resolve("cpu/kubepods/cpu.shares"), "1024\n");
    Files.createDirectories(root.resolve("proc/sys/vm"));
    Files.writeString(root.resolve("proc/cmdline"), "root=/dev/vda4 rw\n");
    try (TestApiServer server = TestApiServer.start();
        KubernetesClient k = new KubernetesClientBuilder().withConfig(server.clientConfig()).build()) {
      k.nodes().resource(new NodeBuilder().withMetadata(new ObjectMetaBuilder().withName(node).build()).build())
          .create();
      NodeState ns = new NodeState();
      ns.setMetadata(new ObjectMetaBuilder().withName(node).build());
      ns.setSpec(new NodeStateSpec(node, null, null, null, null, null, null, List.of(),
          new RubikProfile("bench", RubikPolicySpec.Mode.Native, null,
              new RubikFeatures(true, false, false, false, false, false)), null, null));
      k.resources(NodeState.class).resource(ns).create();
      Path kubeconfig = server.writeKubeconfig(root.resolve("kubeconfig"));
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String line : Files.readAllLines(Path.of("node-daemon/jvm.options"))) {
        if (!line.isBlank() && !line.startsWith("#")) {
          cmd.add(line.strip());
        }
      }
      if (System.getenv("NMT") != null) {
        cmd.add("-XX:NativeMemoryTracking=summary");
      }
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.openeuler.nestos.daemon.DaemonMain",
          "--node=" + node, "--host-root=" + root, "--command-mode=none", "--os-backend=none", "--metrics-port=0"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(root.resolve("daemon.log").toFile());
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      Process daemon = pb.start();
      try {
        waitFor(() -> k.resources(NodeState.class).withName(node).get().getStatus() != null, 60_000);
        double[] lat = new double[n];
        for (int i = 0; i < n; i++) {
          String hash = String.format("h%05d", i);
          Path idleFile = cg.resolve("cpu/kubepods/besteffort/pod" + hash + "/cpu.idle");
          Files.createDirectories(idleFile.getParent());
          Files.writeString(idleFile, "0\n");
          long t0 = System.nanoTime();
          k.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("p" + i)
              .withAnnotations(Map.of("volcano.sh/preemptable", "true", "kubernetes.io/config.hash", hash))
              .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("busybox")
              .endContainer().endSpec().build()).create();
          while (!Files.readString(idleFile).strip().equals("1")) {
            if (System.nanoTime() - t0 > 10_000_000_000L) {
              throw new IllegalStateException("pod " + i + " cgroup not written in 10 s; see " + root + "/daemon.log");
            }
            Thread.sleep(0, 200_000);
          }
          lat[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(lat);
        server.requests().reset();
        long maxRss = 0;
        for (int s = 0; s < idle; s++) {
          Thread.sleep(1000);
          maxRss = Math.max(maxRss, rssKb(daemon.pid()));
        }
        var json = server.requests().toJson();
        long nonWatch = 0;
        for (var r : json.get("requests")) {
          if (!r.get("verb").asText().equals("watch")) {
            nonWatch += r.get("count").asLong();
          }
        }
        System.out.printf("node-daemon benchmark (%d offline BestEffort pods, temp-dir cgroup v1, jvm.options)%n", n);
        System.out.printf("  pod create -> pod cpu.idle written: p50 %.1f ms, p99 %.1f ms, max %.1f ms "
            + "(target p99 <= 100 ms)%n", pct(lat, 50), pct(lat, 99), lat[n - 1]);
        System.out.printf("  daemon VmRSS after sync, max over %d s idle: %.1f MiB (target <= 64 MiB)%n", idle,
            maxRss / 1024.0);
        System.out.printf("  API requests while idle (besides open watches): %d%n", nonWatch);
        if (System.getenv("NMT") != null) {
          Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
              String.valueOf(daemon.pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
          System.out.println(new String(jcmd.getInputStream().readAllBytes()));
        }
      } finally {
        daemon.destroy();
        daemon.waitFor();
      }
    }
  }

  static long rssKb(long pid) throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check c, long ms) throws Exception {
    long end = System.currentTimeMillis() + ms;
    while (!c.ok()) {
      if (System.currentTimeMillis() > end) {
        throw new IllegalStateException("timed out");
      }
      Thread.sleep(50);
    }
  }

  static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
