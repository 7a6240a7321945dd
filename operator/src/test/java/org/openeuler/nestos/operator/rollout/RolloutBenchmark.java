package org.openeuler.nestos.operator.rollout;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.openeuler.nestos.api.v1alpha1.OSVersion;

/**
 * One rollout over N simulated nodes (default 5,000) on the test API server with the simulated daemon, operator
 * in-process (JOSDK). Prints planner pass and reconcile latency percentiles, API writes per updated node (DESIGN §9:
 * operator create/update/patch/delete, evictions and events excluded), events and status writes, memory and wall
 * time against the ideal (waves x per-node time). Run with {@code scripts/bench-operator [nodes] [maxUnavailable]}.
 */
public final class RolloutBenchmark {

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int maxUnavailable = args.length > 1 ? Integer.parseInt(args[1]) : nodes / 10;
    Duration perNode = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 2000);
    ConcurrentLinkedQueue<Long> plans = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> reconciles = new ConcurrentLinkedQueue<>();
    AtomicLong statusWrites = new AtomicLong();
    try (RolloutHarness h = new RolloutHarness()) {
      h.settings = RolloutSettings.defaults().withDrainThreads(8);
      h.timings = new RolloutTimings() {
        @Override public void planned(long nanos, int n) {
          plans.add(nanos);
        }

        @Override public void reconciled(long nanos) {
          reconciles.add(nanos);
        }

        @Override public void statusWritten() {
          statusWrites.incrementAndGet();
        }
      };
      h.daemon.rebootDelay = perNode;
      long s0 = System.nanoTime();
      int chunk = 250;
      ForkJoinPool pool = new ForkJoinPool(6);
      pool.submit(() -> IntStream.range(0, (nodes + chunk - 1) / chunk).parallel().forEach(c ->
          h.nodes("workers", Math.min(chunk, nodes - c * chunk), "c" + c + "-n"))).get();
      pool.shutdown();
      System.out.printf("setup: %d nodes in %.1f s%n", nodes, (System.nanoTime() - s0) / 1e9);
      h.startOperator();
      h.server.requests().reset();
      long t0 = System.nanoTime();
      h.osVersion("workers", "{\"maxUnavailable\":" + maxUnavailable + "}");
      long peakHeap = 0;
      while (true) {
        OSVersion o = h.osv("workers");
        if (o.getStatus() != null && o.getStatus().conditions() != null && o.getStatus().conditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())
                && "RolloutComplete".equals(c.getReason()))) {
          break;
        }
        Runtime rt = Runtime.getRuntime();
        peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
        if (System.nanoTime() - t0 > Duration.ofMinutes(20).toNanos()) {
          throw new IllegalStateException("rollout did not finish in 20 minutes: " + o.getStatus());
        }
        Thread.sleep(200);
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      int waves = (nodes + maxUnavailable - 1) / maxUnavailable;
      double ideal = waves * perNode.toMillis() / 1000.0;
      int updated = h.osv("workers").getStatus().updatedNodes();
      long writes = h.operatorWrites();
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long heapAfterGc = rt.totalMemory() - rt.freeMemory();
      String report = """
          ## Operator rollout benchmark (RolloutBenchmark, %s)
          - nodes: %d, maxUnavailable: %d, waves: %d, simulated per-node time (claim -> reported back): %d ms
          - updated nodes: %d; wall time %.1f s vs ideal %.1f s (%.0f%% over)
          - planner pass: p50 %.2f ms, p99 %.2f ms (%d passes)
          - reconcile latency: p50 %.1f ms, p99 %.1f ms (%d reconciles)
          - API writes per node update: %.2f (%d operator writes excl. events and evictions; nodes %d, nodestates %d,
            osversions %d, osversions/status %d)
          - events written: %d; status writes: %d
          - memory (one JVM holding test API server + operator + simulated daemons): peak heap used %d MiB,
            heap after GC %d MiB, process VmRSS %s
          """.formatted(java.time.LocalDate.now(), nodes, maxUnavailable, waves, perNode.toMillis(), updated, wall,
          ideal, (wall / ideal - 1) * 100, pct(plans, 50), pct(plans, 99), plans.size(), pct(reconciles, 50),
          pct(reconciles, 99), reconciles.size(), writes / (double) updated, writes, h.operatorWrites("nodes"),
          h.operatorWrites("nodestates"), h.operatorWrites("osversions"), h.operatorWrites("osversions/status"),
          h.operatorWrites("events"), statusWrites.get(), peakHeap >> 20, heapAfterGc >> 20, rss());
      System.out.println(report);
      if (System.getProperty("bench.out") != null) {
        Files.writeString(Path.of(System.getProperty("bench.out")), report);
      }
    }
    System.exit(0);
  }

  static double pct(ConcurrentLinkedQueue<Long> samples, int p) {
    List<Long> sorted = new ArrayList<>(samples);
    if (sorted.isEmpty()) {
      return 0;
    }
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
  }

  static String rss() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
          .map(l -> l.replace("VmRSS:", "").trim()).findFirst().orElse("?");
    } catch (Exception e) {
      return "? (" + ManagementFactory.getRuntimeMXBean().getName() + ")";
    }
  }
}
