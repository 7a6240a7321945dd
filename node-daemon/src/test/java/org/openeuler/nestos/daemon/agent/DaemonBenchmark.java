package org.openeuler.nestos.daemon.agent;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * See scripts/bench-daemon. Runs the daemon ({@link DaemonProcess}: its own JVM,
 * node-daemon/jvm.options, the runtime jars) against the test API server with a NodeState carrying
 * a rubik profile, then:
 *
 * <ol>
 *   <li>temp-dir cgroup v1 tree: {@code pods} offline BestEffort pods created one by one, pod
 *       create -> its {@code cpu.idle} reads 1, p50/p99; after the burst settles, a soak of {@code
 *       soak} seconds: max VmRSS (PSS and private memory at that sample), idle CPU from
 *       utime+stime, non-watch API requests;
 *   <li>the real cgroup v1 tree: the same latency run with the pod cgroups made by mkdir in a
 *       test-owned subtree of {@code /sys/fs/cgroup/cpu} (the daemon's host root links its {@code
 *       sys/fs/cgroup/cpu} there), removed after.
 * </ol>
 *
 * Args: {@code pods soakSeconds [--train=<classlist>]} (training: the temp-dir latency run only,
 * with {@code -XX:DumpLoadedClassList}). Properties: {@code bench.daemonCp} (required), {@code
 * bench.archive} (CDS archive for the {@code -XX:SharedArchiveFile} line of jvm.options), {@code
 * bench.jvmOptions}. Env: {@code DAEMON_JAVA_OPTS} (extra daemon flags, space separated), {@code
 * NMT=1} (Native Memory Tracking summary), {@code HEAP=1} (heap and class histogram after the
 * soak), {@code REAL=0} (skip the real-tree run), {@code BOOKMARK_MS} (the test server's bookmark
 * interval, default 60000).
 */
public final class DaemonBenchmark {

  private static final Path REAL_CPU = Path.of("/sys/fs/cgroup/cpu");

  private final int pods;
  private final String daemonCp;
  private final List<String> flags;

  private DaemonBenchmark(int pods, String daemonCp, List<String> flags) {
    this.pods = pods;
    this.daemonCp = daemonCp;
    this.flags = flags;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int soak = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    String train = args.length > 2 && args[2].startsWith("--train=") ? args[2].substring(8) : null;
    String cp = System.getProperty("bench.daemonCp");
    if (cp == null) {
      throw new IllegalArgumentException(
          "-Dbench.daemonCp=<the daemon's runtime class path> is required");
    }
    String archive = System.getProperty("bench.archive");
    List<String> extra = new ArrayList<>();
    String env = System.getenv("DAEMON_JAVA_OPTS");
    if (env != null && !env.isBlank()) {
      extra.addAll(List.of(env.strip().split("\\s+")));
    }
    if (System.getenv("NMT") != null) {
      extra.add("-XX:NativeMemoryTracking=summary");
    }
    if (train != null) {
      extra.add("-XX:DumpLoadedClassList=" + train);
    }
    List<String> flags =
        DaemonProcess.flags(
            Path.of(System.getProperty("bench.jvmOptions", "node-daemon/jvm.options")),
            train == null && archive != null && Files.exists(Path.of(archive))
                ? Path.of(archive)
                : null,
            extra);
    DaemonBenchmark bench = new DaemonBenchmark(n, cp, flags);
    System.out.printf(
        "node-daemon benchmark: %d offline BestEffort pods, soak %d s; daemon flags: %s%n",
        n, soak, String.join(" ", flags));
    bench.run(false, train != null ? 0 : soak);
    if (train == null && !"0".equals(System.getenv("REAL"))) {
      if (Files.isWritable(REAL_CPU.resolve("cpu.idle"))) {
        bench.realP99 = bench.run(true, 0).p99Ms();
      } else {
        System.out.println(
            "[real cgroup tree] skipped: /sys/fs/cgroup/cpu/cpu.idle is not writable here");
      }
    }
    if (train == null) {
      // the figures of issue 15, one line a script can read (BENCHMARKS.md keeps the latest)
      System.out.printf(
          "bench-summary: pods=%d vmrss_max_mib=%.1f idle_cpu_pct=%.3f pod_cgroup_p99_ms=%.1f"
              + " cpu_per_pod_event_ms=%.2f tree=%s%n",
          n,
          bench.soakResult == null ? 0 : bench.soakResult.vmrssMaxMib(),
          bench.soakResult == null ? 0 : bench.soakResult.idleCpuPct(),
          Double.isNaN(bench.realP99) ? bench.tempP99 : bench.realP99,
          bench.cpuPerEventMs,
          Double.isNaN(bench.realP99) ? "tempdir" : "real");
    }
  }

  private Soak.Result soakResult;
  private double tempP99 = Double.NaN;
  private double realP99 = Double.NaN;
  private double cpuPerEventMs = Double.NaN;

  /** What one latency run measured. */
  record Run(double p99Ms) {}

  /** One daemon, one API server: the latency run, then (soak > 0) the idle soak. */
  private Run run(boolean real, int soak) throws Exception {
    String node = "bench-node";
    Path root = Files.createTempDirectory("nestos-bench-daemon");
    Path cg = root.resolve("sys/fs/cgroup");
    Path realTree = null;
    for (String c : List.of("cpu", "memory", "blkio")) {
      Files.createDirectories(cg.resolve(c));
    }
    if (real) {
      realTree = REAL_CPU.resolve("nestos-bench-" + UUID.randomUUID().toString().substring(0, 8));
      Files.createDirectory(realTree);
      Files.delete(cg.resolve("cpu"));
      Files.createSymbolicLink(cg.resolve("cpu"), realTree);
    }
    Files.createDirectories(cg.resolve("cpu/kubepods/besteffort"));
    if (!real) {
      Files.writeString(cg.resolve("cpu/kubepods/cpu.idle"), "0\n");
      Files.writeString(cg.resolve("cpu/kubepods/cpu.shares"), "1024\n");
    }
    Files.createDirectories(root.resolve("proc/sys/vm"));
    Files.writeString(root.resolve("proc/cmdline"), "root=/dev/vda4 rw\n");
    String where = real ? "real cgroup v1 tree " + realTree : "temp-dir cgroup v1 tree";
    // BOOKMARK events once a minute per watch, as kube-apiserver's watch cache sends them (the test
    // server's default,
    // every 5 s, is 12x busier and alone costs the idle daemon ~0.07% of a core)
    try (TestApiServer server =
            TestApiServer.start(0, new TestApiServer.Options(true, bookmarkMillis()));
        KubernetesClient k =
            new KubernetesClientBuilder().withConfig(server.clientConfig()).build()) {
      k.nodes()
          .resource(
              new NodeBuilder()
                  .withMetadata(new ObjectMetaBuilder().withName(node).build())
                  .build())
          .create();
      NodeState ns = new NodeState();
      ns.setMetadata(new ObjectMetaBuilder().withName(node).build());
      ns.setSpec(
          new NodeStateSpec(
              node,
              null,
              null,
              null,
              null,
              null,
              null,
              List.of(),
              new RubikProfile(
                  "bench",
                  RubikPolicySpec.Mode.Native,
                  null,
                  new RubikFeatures(true, false, false, false, false, false)),
              null,
              null));
      k.resources(NodeState.class).resource(ns).create();
      try (DaemonProcess daemon =
          DaemonProcess.start(
              flags, daemonCp, node, root, server.url(), root.resolve("daemon.log"))) {
        // ready (both informers synced, as the readiness probe sees it) and its first status
        // written
        waitFor(
            () -> ready(root.resolve("daemon.log")),
            60_000,
            "daemon /readyz; see " + root.resolve("daemon.log"));
        waitFor(
            () -> k.resources(NodeState.class).withName(node).get().getStatus() != null,
            60_000,
            "daemon status; see " + root.resolve("daemon.log"));
        long ticks0 = daemon.cpuTicks();
        Map<String, Long> threads0 = daemon.threadTicks();
        double[] lat = latencies(k, node, cg, real, root);
        System.out.printf(
            "[%s]%n  pod create -> pod cpu.idle written (%d pods): p50 %.1f ms, p99 %.1f ms, "
                + "max %.1f ms (target p99 <= 40 ms)%n",
            where, pods, pct(lat, 50), pct(lat, 99), lat[lat.length - 1]);
        long settled = settle(server);
        // everything the burst made the daemon do (plans, cgroup writes, status writes), per pod
        // event; the 5 s of quiet that end the settle add at most a tick or two
        double perEvent = (daemon.cpuTicks() - ticks0) * 1000.0 / DaemonProcess.CLOCK_TICKS / pods;
        System.out.printf(
            "  burst settled: %d non-watch requests after the last pod was written; daemon CPU"
                + " %.2f ms per pod event (utime+stime over the burst / %d; target <= 2 ms)%n",
            settled, perEvent, pods);
        Map<String, Long> busy = new java.util.TreeMap<>();
        daemon
            .threadTicks()
            .forEach(
                (t, ticks) -> {
                  long d = ticks - threads0.getOrDefault(t, 0L);
                  if (d > 0) {
                    busy.put(t.replaceAll("/[0-9]+$", ""), d);
                  }
                });
        System.out.printf("    by thread over the burst (ticks): %s%n", busy);
        if (System.getenv("JFR_DUMP") != null) { // a profile of the burst (the daemon started with
          // -XX:StartFlightRecording in DAEMON_JAVA_OPTS)
          System.out.println(daemon.jcmd("JFR.dump", "filename=" + System.getenv("JFR_DUMP")));
        }
        if (!real) {
          tempP99 = pct(lat, 99);
          cpuPerEventMs = perEvent;
        }
        if (soak > 0) {
          soakResult = new Soak(daemon, server, soak).run();
        }
        return new Run(pct(lat, 99));
      } finally {
        if (realTree != null) {
          removeCgroups(realTree);
        }
      }
    }
  }

  private double[] latencies(KubernetesClient k, String node, Path cg, boolean real, Path root)
      throws Exception {
    double[] lat = new double[pods];
    for (int i = 0; i < pods; i++) {
      String hash = String.format("h%05d", i);
      Path podDir = cg.resolve("cpu/kubepods/besteffort/pod" + hash);
      Path idleFile = podDir.resolve("cpu.idle");
      Files.createDirectories(podDir); // the kubelet's mkdir; a real cgroup comes with its cpu.idle
      if (!real) {
        Files.writeString(idleFile, "0\n");
      }
      long t0 = System.nanoTime();
      k.pods()
          .inNamespace("default")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("p" + i)
                  .withAnnotations(
                      Map.of("volcano.sh/preemptable", "true", "kubernetes.io/config.hash", hash))
                  .endMetadata()
                  .withNewSpec()
                  .withNodeName(node)
                  .addNewContainer()
                  .withName("c")
                  .withImage("busybox")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      while (!Files.readString(idleFile).strip().equals("1")) {
        if (System.nanoTime() - t0 > 30_000_000_000L) {
          throw new IllegalStateException(
              "pod "
                  + i
                  + " cgroup not written in 30 s; see "
                  + root
                  + "/daemon.log; NodeState status: "
                  + k.resources(NodeState.class).withName(node).get().getStatus());
        }
        Thread.sleep(0, 200_000);
      }
      lat[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(lat);
    return lat;
  }

  private static long bookmarkMillis() {
    return Long.parseLong(System.getenv().getOrDefault("BOOKMARK_MS", "60000"));
  }

  /** The daemon's {@code /readyz} (its ops port from the log line "ops port N") answers 200. */
  private static boolean ready(Path log) throws IOException {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("ops port (\\d+)").matcher(Files.readString(log));
    if (!m.find()) {
      return false;
    }
    var conn =
        (java.net.HttpURLConnection)
            new java.net.URL("http://127.0.0.1:" + m.group(1) + "/readyz").openConnection();
    try {
      return conn.getResponseCode() == 200;
    } finally {
      conn.disconnect();
    }
  }

  /**
   * Waits until no non-watch request came for 5 s (at most 60 s); returns how many came meanwhile.
   */
  private static long settle(TestApiServer server) throws InterruptedException {
    server.requests().reset();
    long last = -1;
    long quietSince = System.nanoTime();
    long end = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < end) {
      long now = Requests.nonWatch(server).total();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > 5_000_000_000L) {
        break;
      }
      Thread.sleep(250);
    }
    return last;
  }

  /** rmdir of every cgroup under the test-owned subtree, deepest first. */
  private static void removeCgroups(Path tree) throws IOException {
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(tree)) {
      dirs =
          walk.filter(Files::isDirectory)
              .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
              .toList();
    }
    for (Path d : dirs) {
      Files.delete(d);
    }
    System.out.printf(
        "  removed %d test cgroups under %s (exists now: %s)%n",
        dirs.size(), tree, Files.exists(tree));
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check c, long ms, String what) throws Exception {
    long end = System.currentTimeMillis() + ms;
    while (!c.ok()) {
      if (System.currentTimeMillis() > end) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
