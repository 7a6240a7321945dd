package org.openeuler.nestos.operator.rollout;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * One rollout over N simulated nodes (default 5,000; docs/design.md §9). This JVM holds the test
 * API server and the simulated daemons (claim -> per-node time -> report Updated); the operator
 * runs in its own JVM ({@link OperatorProcess}, production wiring, flags from {@code
 * -Dbench.operatorJvm}) so that its memory is its own. The OSVersion is created paused, the
 * renderer settles, the request counters are reset and the rollout is unpaused. Prints wall time
 * against the ideal (waves x per-node time), planner pass and reconcile latency percentiles, API
 * writes per updated node (operator create/update/patch/delete, evictions and events excluded),
 * events and status writes separately, and the operator's peak RSS with its native memory summary.
 * Run with {@code scripts/bench-operator [nodes] [maxUnavailable] [perNodeMillis]}.
 */
public final class RolloutBenchmark {

  private RolloutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int maxUnavailable = args.length > 1 ? Integer.parseInt(args[1]) : nodes / 10;
    Duration perNode = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 2000);
    List<String> jvm =
        List.of(System.getProperty("bench.operatorJvm", "-Xmx256m").trim().split("\\s+"));
    StringBuilder out = new StringBuilder();
    boolean realBackend = "real".equals(System.getProperty("nestos.controlPlane", "standin"));
    RealControlPlane cp =
        realBackend
            ? RealControlPlane.start(
                RealControlPlane.repoRoot(),
                Path.of("operator/target/bench-control-plane").toAbsolutePath())
            : null;
    String backend = realBackend ? "real" : "standin";
    try (RolloutHarness h =
        realBackend
            ? new RolloutHarness(cp, 64)
            : new RolloutHarness(TestApiServer.Options.defaults(), 64)) {
      h.daemon.rebootDelay = perNode;
      // -Dbench.stageMs: staging modelled apart from the reboot (scripts/bench-staging); with
      // -Dbench.staging=Eager:<maxConcurrent> nodes stage ahead of their turn
      Duration stage = Duration.ofMillis(Long.getLong("bench.stageMs", 0));
      h.daemon.stageDelay = stage;
      String staging = System.getProperty("bench.staging", "OnGrant");
      String stagingJson =
          staging.startsWith("Eager:")
              ? ",\"staging\":{\"policy\":\"Eager\",\"maxConcurrent\":"
                  + Integer.parseInt(staging.substring("Eager:".length()))
                  + "}"
              : "";
      long s0 = System.nanoTime();
      int chunk = 250;
      ForkJoinPool pool = new ForkJoinPool(6);
      pool.submit(
              () ->
                  IntStream.range(0, (nodes + chunk - 1) / chunk)
                      .parallel()
                      .forEach(
                          c ->
                              h.nodes(
                                  "workers", Math.min(chunk, nodes - c * chunk), "c" + c + "-n")))
          .get();
      pool.shutdown();
      System.out.printf("setup: %d nodes in %.1f s%n", nodes, (System.nanoTime() - s0) / 1e9);
      h.osVersion(
          "workers",
          "{\"maxUnavailable\":" + maxUnavailable + ",\"paused\":true" + stagingJson + "}");

      List<String> cmd = new ArrayList<>();
      // -Dbench.operatorJava: the operator's Java home (the image's JRE), else this JVM's
      cmd.add(
          Path.of(
                  System.getProperty("bench.operatorJava", System.getProperty("java.home")),
                  "bin",
                  "java")
              .toString());
      cmd.addAll(jvm);
      cmd.addAll(
          List.of(
              "-XX:NativeMemoryTracking=summary",
              "-cp",
              System.getProperty("java.class.path"),
              OperatorProcess.class.getName(),
              h.serverAddress()));
      File log =
          new File(System.getProperty("bench.operatorLog", "operator/target/bench-operator.log"));
      Files.deleteIfExists(log.toPath());
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log));
      pb.environment().put("MALLOC_ARENA_MAX", System.getProperty("bench.mallocArenaMax", "2"));
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Process op = null;
      for (int attempt = 1; op == null; attempt++) {
        lines.clear();
        Process started = pb.start();
        Thread reader =
            new Thread(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(
                              started.getInputStream(), StandardCharsets.UTF_8))) {
                    r.lines().forEach(lines::add);
                  } catch (Exception ignored) {
                    // process ended
                  }
                },
                "operator-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
          expect(started, lines, "READY", Duration.ofMinutes(5));
          op = started;
        } catch (IllegalStateException e) {
          started.destroyForcibly();
          if (attempt == 3) {
            throw e;
          }
          // the JDK client's h2c upgrade against the plain-HTTP test server fails now and then at
          // startup
          System.out.println("operator did not start (" + e.getMessage() + "); starting it again");
        }
      }
      PrintWriter toOp = new PrintWriter(op.getOutputStream(), true, StandardCharsets.UTF_8);
      try {
        long rendered = settle(h);
        System.out.printf(
            "operator pid %d started and settled (%d render writes) in %.1f s; RSS %s%n",
            op.pid(), rendered, (System.nanoTime() - s0) / 1e9, status(op.pid(), "VmRSS"));

        h.resetWriteCounts();
        long t0 = System.nanoTime();
        h.patchOsVersion("workers", "{\"spec\":{\"rollout\":{\"paused\":false}}}");
        long allUpdated = 0;
        long maxRss = 0;
        while (true) {
          maxRss = Math.max(maxRss, kib(status(op.pid(), "VmRSS")));
          if (allUpdated == 0 && h.daemon.updated.get() >= nodes && h.cordoned.isEmpty()) {
            allUpdated = System.nanoTime();
          }
          if (allUpdated != 0 && complete(h.osv("workers"))) {
            break;
          }
          if (!op.isAlive()) {
            throw new IllegalStateException(
                "operator exited with " + op.exitValue() + "; see " + log);
          }
          if (System.nanoTime() - t0 > Duration.ofMinutes(20).toNanos()) {
            throw new IllegalStateException(
                "rollout did not finish in 20 minutes: " + h.osv("workers").getStatus());
          }
          Thread.sleep(100);
        }
        double wallNodes = (allUpdated - t0) / 1e9;
        double wallStatus = (System.nanoTime() - t0) / 1e9;
        int waves = (nodes + maxUnavailable - 1) / maxUnavailable;
        // the ideal of a rollout that stages on grant: every wave stages, then reboots
        double ideal = waves * (perNode.toMillis() + stage.toMillis()) / 1000.0;
        int updated = h.osv("workers").getStatus().updatedNodes();
        long writes = h.operatorWrites();
        toOp.println("report");
        String report = expect(op, lines, "REPORT", Duration.ofSeconds(30));
        String nmt = nativeMemory(op.pid());
        out.append(
            """
            ## Operator rollout benchmark (RolloutBenchmark, %s, API server: %s)
            - nodes: %d, maxUnavailable: %d, waves: %d, simulated per-node time (claim -> reported back): %d ms
            - operator JVM: %s %s -XX:NativeMemoryTracking=summary (MALLOC_ARENA_MAX=%s)
            - ideal = waves x (stage + per-node time) = %d x %.1f s = %.1f s
            - wall, unpause -> every node updated and uncordoned: %.1f s (%+.1f%% vs ideal)
            - wall, unpause -> status Ready/RolloutComplete written: %.1f s (%+.1f%% vs ideal)
            - updated nodes: %d
            - operator timings: %s
            - per node (ms, p50/p90/max; as the harness's watches see it): %s
            - API writes per node update: %.2f (%d operator writes excl. events and evictions; nodes %d,
              nodestates %d, osversions %d, osversions/status %d)
            - events written: %d; status writes: %d (osversions/status requests)
            - operator RSS: peak sampled %d MiB, VmHWM %s, now %s
            - operator native memory (NMT, committed):
            %s
            """
                .formatted(
                    java.time.LocalDate.now(),
                    realBackend
                        ? "upstream kube-apiserver "
                            + h.admin.getKubernetesVersion().getGitVersion()
                            + " + etcd; writes counted from its apiserver_request_total"
                        : "the stand-in; writes counted by its request log per user agent",
                    nodes,
                    maxUnavailable,
                    waves,
                    perNode.toMillis(),
                    "Java " + operatorJavaFeature(),
                    String.join(" ", jvm),
                    System.getProperty("bench.mallocArenaMax", "2"),
                    waves,
                    (perNode.toMillis() + stage.toMillis()) / 1000.0,
                    ideal,
                    wallNodes,
                    (wallNodes / ideal - 1) * 100,
                    wallStatus,
                    (wallStatus / ideal - 1) * 100,
                    updated,
                    report.substring("REPORT ".length()),
                    latencies(h, maxUnavailable),
                    writes / (double) updated,
                    writes,
                    h.operatorWrites("nodes"),
                    h.operatorWrites("nodestates"),
                    h.operatorWrites("osversions"),
                    h.operatorWrites("osversions/status"),
                    h.operatorWrites("events"),
                    h.operatorWrites("osversions/status"),
                    maxRss >> 10,
                    status(op.pid(), "VmHWM"),
                    status(op.pid(), "VmRSS"),
                    nmt));
        if (!stage.isZero()) {
          out.append(
              "- staging: %s, simulated stage time %d ms (a node not staged when granted its reboot"
                      .formatted(staging, stage.toMillis())
                  + " stages first); ideal = waves x (stage + per-node time)\n");
        }
        out.append(
            String.format(
                java.util.Locale.ROOT,
                "bench-summary: backend=%s nodes=%d max_unavailable=%d per_node_ms=%d%s"
                    + " wall_s=%.2f wall_over_ideal=%.3f writes_per_node=%.2f vmhwm_mib=%d%n",
                backend,
                nodes,
                maxUnavailable,
                perNode.toMillis(),
                stage.isZero() ? "" : " stage_ms=" + stage.toMillis() + " staging=" + staging,
                wallNodes,
                wallNodes / ideal,
                writes / (double) updated,
                kib(status(op.pid(), "VmHWM")) >> 10));
      } finally {
        toOp.println("exit");
        if (!op.waitFor(15, TimeUnit.SECONDS)) {
          op.destroy();
        }
      }
    }
    if (cp != null) {
      cp.close();
    }
    System.out.println(out);
    if (System.getProperty("bench.out") != null) {
      Files.writeString(Path.of(System.getProperty("bench.out")), out);
    }
    System.exit(0);
  }

  /** The feature release of the operator's Java ({@code bench.operatorJava}'s release file). */
  private static int operatorJavaFeature() {
    String home = System.getProperty("bench.operatorJava");
    if (home == null) {
      return Runtime.version().feature();
    }
    try {
      for (String line : Files.readAllLines(Path.of(home, "release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          return Runtime.Version.parse(line.substring(14, line.length() - 1)).feature();
        }
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      // unknown: reported as 0
    }
    return 0;
  }

  /**
   * Where a slot's cycle goes besides the per-node time: cordon seen -> ticket claimed (drain,
   * grant pass, daemon's watch), reported back -> uncordon seen (release pass), and the slot
   * hand-off: the k-th uncordon -> the (k + maxUnavailable)-th cordon (the pick of the next node
   * into the freed slot).
   */
  private static String latencies(RolloutHarness h, int maxUnavailable) {
    java.util.List<Long> cordonToClaim = new java.util.ArrayList<>();
    java.util.List<Long> reportToUncordon = new java.util.ArrayList<>();
    h.cordonedAt.forEach(
        (node, at) -> {
          Long claimed = h.daemon.claimedAt.get(node);
          if (claimed != null) {
            cordonToClaim.add(claimed - at);
          }
        });
    h.daemon.reportedAt.forEach(
        (node, at) -> {
          Long uncordoned = h.uncordonedAt.get(node);
          if (uncordoned != null) {
            reportToUncordon.add(uncordoned - at);
          }
        });
    java.util.List<Long> cordons = h.cordonedAt.values().stream().sorted().toList();
    java.util.List<Long> uncordons = h.uncordonedAt.values().stream().sorted().toList();
    java.util.List<Long> handOff = new java.util.ArrayList<>();
    for (int k = 0; k + maxUnavailable < cordons.size() && k < uncordons.size(); k++) {
      handOff.add(cordons.get(k + maxUnavailable) - uncordons.get(k));
    }
    return "cordon -> claim "
        + percentiles(cordonToClaim)
        + "; report -> uncordon "
        + percentiles(reportToUncordon)
        + "; slot hand-off (uncordon -> next cordon) "
        + percentiles(handOff);
  }

  private static String percentiles(java.util.List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "n/a";
    }
    java.util.List<Long> sorted = nanos.stream().sorted().toList();
    java.util.function.IntFunction<String> ms = i -> String.format("%.0f", sorted.get(i) / 1e6);
    return ms.apply(sorted.size() / 2)
        + "/"
        + ms.apply(sorted.size() * 9 / 10)
        + "/"
        + ms.apply(sorted.size() - 1);
  }

  /**
   * Waits until the operator's NodeState writes (the renderer's) stop for 3 s; returns how many
   * there were.
   */
  private static long settle(RolloutHarness h) throws InterruptedException {
    long last = -1;
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      long n = h.operatorWrites("nodestates");
      OSVersion o = h.osv("workers");
      if (n != last || o.getStatus() == null) {
        last = n;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > Duration.ofSeconds(3).toNanos()) {
        return n;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the operator did not settle in 5 minutes");
  }

  private static boolean complete(OSVersion o) {
    return o.getStatus() != null
        && o.getStatus().conditions() != null
        && o.getStatus().conditions().stream()
            .anyMatch(
                c ->
                    "Ready".equals(c.getType())
                        && "True".equals(c.getStatus())
                        && "RolloutComplete".equals(c.getReason()));
  }

  private static String expect(
      Process op, LinkedBlockingQueue<String> lines, String prefix, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null && (!op.isAlive() || System.nanoTime() > deadline)) {
        throw new IllegalStateException(
            "the operator printed no "
                + prefix
                + " line (alive: "
                + op.isAlive()
                + "); see its log");
      }
      if (line == null) {
        continue;
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** The NMT summary's committed figures, one category a line. */
  private static String nativeMemory(long pid) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid),
                  "VM.native_memory",
                  "summary",
                  "scale=MB")
              .redirectErrorStream(true)
              .start();
      String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(30, TimeUnit.SECONDS);
      return text.lines()
          .filter(l -> l.contains("committed=") && (l.startsWith("Total") || l.startsWith("-")))
          .map(l -> "  " + l.replaceAll("\\s+", " ").trim())
          .collect(Collectors.joining("\n"));
    } catch (Exception e) {
      return "  (jcmd failed: " + e + ")";
    }
  }

  /** A field of {@code /proc/<pid>/status}, e.g. {@code VmRSS} ("123456 kB"). */
  static String status(long pid, String field) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith(field + ":"))
          .map(l -> l.substring(field.length() + 1).trim())
          .findFirst()
          .orElse("?");
    } catch (Exception e) {
      return "?";
    }
  }

  private static long kib(String procValue) {
    try {
      return Long.parseLong(procValue.replace("kB", "").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static double pct(ConcurrentLinkedQueue<Long> samples, int p) {
    List<Long> sorted = new ArrayList<>(samples);
    if (sorted.isEmpty()) {
      return 0;
    }
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1))
        / 1e6;
  }
}
