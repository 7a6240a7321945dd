package org.openeuler.nestos.daemon.rubik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.PsiPressure;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;

/**
 * dynMemory and psi sampling on this machine's real kernel: {@code /proc/meminfo} gives an fssr
 * limit within its bounds, and a CPU hog (more busy threads than cores) drives the real {@code
 * /proc/pressure/cpu} over rubik's threshold, which the monitor reports.
 */
class PressureMonitorIT {

  @Test
  void realMeminfoAndARealCpuStallAreSampled() throws Exception {
    assumeThat(Files.exists(Path.of("/proc/pressure/cpu"))).as("kernel with PSI").isTrue();
    RootedHostFs fs = new RootedHostFs(Path.of("/"));
    NodeCapabilities caps = new CapabilityProbe(fs).probe();
    PressureMonitor monitor = new PressureMonitor(fs, Clock.systemUTC());
    RubikProfile profile =
        new RubikProfile(
            "it",
            RubikPolicySpec.Mode.Native,
            null,
            new RubikFeatures(false, false, false, false, true, true));

    monitor.sample(profile, caps, List.of(), List.of());
    long total = memTotal();
    long high = monitor.offlineMemoryHigh();
    System.out.println("[pressure] MemTotal " + total + " -> offline memory.high " + high);
    assertThat(high).isBetween(total / 100 * 30 - 4096, total / 100 * 80);
    assertThat(high % 4096).isZero();

    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> hogs = new ArrayList<>();
    int n = Runtime.getRuntime().availableProcessors() * 4;
    for (int i = 0; i < n; i++) {
      Thread t =
          new Thread(
              () -> {
                long x = 0;
                while (!stop.get()) {
                  x += System.nanoTime() % 7;
                }
                if (x == 42) {
                  System.out.print("");
                }
              });
      t.setDaemon(true);
      t.start();
      hogs.add(t);
    }
    PsiPressure seen = null;
    try {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (seen == null && System.nanoTime() < deadline) {
        Thread.sleep(500);
        monitor.sample(profile, caps, List.of(), List.of());
        seen = monitor.pressure();
      }
    } finally {
      stop.set(true);
      for (Thread t : hogs) {
        t.join();
      }
    }
    System.out.println("[pressure] " + seen);
    assertThat(seen).as("%d busy threads stall the CPU over avg10 5%%", n).isNotNull();
    assertThat(seen.avg10()).isGreaterThanOrEqualTo(5.0);
    assertThat(seen.threshold()).isEqualTo(5.0);
    if (caps.version() == CgroupVersion.V1) {
      assertThat(seen.source()).isEqualTo("node");
    }
    assertThat(seen.since()).isNotNull();
  }

  private static long memTotal() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.trim().split("\\s+")[1]) * 1024;
      }
    }
    throw new AssertionError("no MemTotal");
  }
}
