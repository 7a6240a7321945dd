package org.openeuler.nestos.daemon.agent;

import java.util.Map;
import java.util.TreeMap;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * The idle soak of {@link DaemonBenchmark}: samples the daemon's VmRSS every second (smaps_rollup
 * every 10 s and at each new maximum), its CPU ticks at both ends, and the API requests it made,
 * then prints them.
 */
final class Soak {

  private final DaemonProcess daemon;
  private final TestApiServer server;
  private final int seconds;

  Soak(DaemonProcess daemon, TestApiServer server, int seconds) {
    this.daemon = daemon;
    this.server = server;
    this.seconds = seconds;
  }

  /** What the soak measured, for the benchmark's summary line. */
  record Result(double vmrssMaxMib, double idleCpuPct) {}

  Result run() throws Exception {
    server.requests().reset();
    long ticks0 = daemon.cpuTicks();
    Map<String, Long> threads0 = daemon.threadTicks();
    long t0 = System.nanoTime();
    long maxRss = 0;
    Map<String, Long> atMax = Map.of();
    Map<String, Long> statusAtMax = Map.of();
    long maxPss = 0;
    for (int s = 1; s <= seconds; s++) {
      Thread.sleep(Math.max(0, t0 / 1_000_000 + s * 1000L - System.nanoTime() / 1_000_000));
      if (!daemon.alive()) {
        throw new IllegalStateException("the daemon exited during the soak");
      }
      Map<String, Long> st = daemon.status();
      long rss = st.getOrDefault("VmRSS", 0L);
      if (rss > maxRss || s % 10 == 0) {
        Map<String, Long> smaps = daemon.smapsRollup();
        maxPss = Math.max(maxPss, smaps.getOrDefault("Pss", 0L));
        if (rss > maxRss) {
          maxRss = rss;
          atMax = smaps;
          statusAtMax = st;
        }
      }
    }
    long ticks = daemon.cpuTicks() - ticks0;
    Map<String, Long> busy = new TreeMap<>();
    daemon
        .threadTicks()
        .forEach(
            (t, n) -> {
              long d = n - threads0.getOrDefault(t, 0L);
              if (d > 0) {
                busy.put(t, d);
              }
            });
    double wall = (System.nanoTime() - t0) / 1e9;
    Requests idle = Requests.nonWatch(server);
    long watches = Requests.watches(server);
    System.out.printf(
        "  max VmRSS over the %d s soak: %.1f MiB (target <= 64 MiB); at that sample: RssAnon %.1f, "
            + "RssFile %.1f, Pss %.1f, Private_Clean %.1f, Private_Dirty %.1f MiB; threads %d; max Pss %.1f MiB%n",
        seconds,
        mib(maxRss),
        mib(statusAtMax.get("RssAnon")),
        mib(statusAtMax.get("RssFile")),
        mib(atMax.get("Pss")),
        mib(atMax.get("Private_Clean")),
        mib(atMax.get("Private_Dirty")),
        statusAtMax.getOrDefault("Threads", 0L),
        mib(maxPss));
    System.out.printf(
        "  idle CPU over the soak: %d ticks (utime+stime, 1/%d s) in %.1f s = %.3f%% of one core "
            + "(target <= 0.05%%)%n",
        ticks, DaemonProcess.CLOCK_TICKS, wall, 100.0 * ticks / DaemonProcess.CLOCK_TICKS / wall);
    System.out.printf("    by thread (ticks; exited threads not listed): %s%n", busy);
    System.out.printf(
        "  API requests during the soak besides watches: %d %s (target 0); watch requests: %d%n",
        idle.total(), idle.buckets(), watches);
    threads();
    if (System.getenv("NMT") != null) {
      System.out.println(daemon.jcmd("VM.native_memory", "summary"));
    }
    if (System.getenv("SMAPS") != null) {
      System.out.println(daemon.largestMappings(20));
    }
    if (System.getenv("HEAP")
        != null) { // the heap as the soak left it, then the live set after a full GC
      System.out.println(daemon.jcmd("GC.heap_info"));
      String histogram = daemon.jcmd("GC.class_histogram");
      System.out.println(String.join("\n", histogram.lines().limit(25).toList()));
      System.out.println(daemon.jcmd("GC.heap_info"));
    }
    return new Result(mib(maxRss), 100.0 * ticks / DaemonProcess.CLOCK_TICKS / wall);
  }

  /** The daemon's threads by name (digits folded), from jcmd Thread.print. */
  private void threads() throws Exception {
    Map<String, Integer> byName = new TreeMap<>();
    for (String line : daemon.jcmd("Thread.print").split("\n")) {
      if (line.startsWith("\"")) {
        String name = line.substring(1, line.indexOf('"', 1)).replaceAll("[0-9]+", "N");
        byName.merge(name, 1, Integer::sum);
      }
    }
    System.out.printf(
        "  java threads (jcmd Thread.print): %d %s%n",
        byName.values().stream().mapToInt(Integer::intValue).sum(), byName);
  }

  private static double mib(Long kib) {
    return kib == null ? 0 : kib / 1024.0;
  }
}
