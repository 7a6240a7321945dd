package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.PsiPressure;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.Specs;

/**
 * Issue 15 item 4: mode Native's dynMemory (fssr on offline pods' memory.high, following the node's
 * available memory) and psi (the node's pressure reported for the operator to evict on), on a
 * temp-dir host with an openEuler-like cgroup v1 memory.high and /proc/pressure.
 */
class NativePressureMockTest {

  static final long GIB = 1L << 30;
  static final long TOTAL = 16 * GIB;
  static TestApiServer server;
  @TempDir Path tmp;

  @BeforeAll
  static void up() {
    server = TestApiServer.start();
  }

  @AfterAll
  static void down() {
    server.close();
  }

  static String meminfo(long availableBytes) {
    return "MemTotal:       "
        + TOTAL / 1024
        + " kB\nMemFree:        1000 kB\nMemAvailable:   "
        + availableBytes / 1024
        + " kB\n";
  }

  static String psi(double avg10) {
    return "some avg10="
        + avg10
        + " avg60=0.00 avg300=0.00 total=1\nfull avg10=0.00 avg60=0.00"
        + " avg300=0.00 total=0\n";
  }

  static long pct(int p) {
    return TOTAL / 100 * p / 4096 * 4096;
  }

  RubikSummary rubik(DaemonFixture f) {
    var ns = f.get();
    return ns.getStatus() == null ? null : ns.getStatus().rubik();
  }

  @Test
  void offlinePodsMemoryHighFollowsAvailableMemoryAndPressureIsReported() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.file("/proc/meminfo", meminfo(8 * GIB));
      for (String r : List.of("cpu", "memory", "io")) {
        f.file("/proc/pressure/" + r, psi(0.5));
      }
      f.file(DaemonFixture.CG + "/memory/kubepods/memory.high", "max\n");
      String pod = DaemonFixture.CG + "/memory/kubepods/besteffort/podh1";
      f.file(pod + "/memory.high", "max\n");
      f.pressureInterval = Duration.ofMillis(100);
      f.start(null);
      RubikFeatures dynAndPsi = new RubikFeatures(false, false, false, false, true, true);
      NodeStateSpec spec =
          f.spec(
              null,
              Specs.none(),
              FailureAction.RollbackNode,
              List.of(),
              new RubikProfile("p", RubikPolicySpec.Mode.Native, null, dynAndPsi));
      f.create(spec);
      f.pod(
          "default",
          "batch",
          Map.of("volcano.sh/preemptable", "true", "kubernetes.io/config.hash", "h1"));
      f.pod("default", "web", Map.of("kubernetes.io/config.hash", "h2"));

      // start: 80% of the node's memory for each offline pod, shown in the status
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> f.fs.read(pod + "/memory.high").orElse("").strip().equals("" + pct(80)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  rubik(f) != null
                      && Integer.valueOf((int) (pct(80) >> 20))
                          .equals(rubik(f).offlineMemoryHighMiB()));
      assertThat(rubik(f).backends())
          .anyMatch(
              b -> b.feature().equals("dynMemory") && b.backend().equals("memory.high (fssr)"));
      assertThat(rubik(f).pressure()).isNull();

      // available memory under the reserve (1.6 GiB): down 10% per sample, to 30% at the lowest
      f.file("/proc/meminfo", meminfo(GIB));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> f.fs.read(pod + "/memory.high").orElse("").strip().equals("" + pct(30)));

      // memory pressure over rubik's threshold (avg10 5.0): reported with its source
      f.file("/proc/pressure/memory", psi(21.5));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> rubik(f) != null && rubik(f).pressure() != null);
      PsiPressure p = rubik(f).pressure();
      assertThat(p.resource()).isEqualTo("memory");
      assertThat(p.avg10()).isEqualTo(21.5);
      assertThat(p.threshold()).isEqualTo(5.0);
      assertThat(p.source()).isEqualTo("node");
      assertThat(p.since()).isNotNull();
      assertThat(p.observedAt()).isNotNull();

      // below again: the report goes away
      f.file("/proc/pressure/memory", psi(1.0));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> rubik(f) != null && rubik(f).pressure() == null);

      // dynMemory off: the pod's memory.high gets its original back, the status drops the limit
      f.update(
          s ->
              f.spec(
                  null,
                  Specs.none(),
                  FailureAction.RollbackNode,
                  List.of(),
                  new RubikProfile(
                      "p",
                      RubikPolicySpec.Mode.Native,
                      null,
                      new RubikFeatures(false, false, false, false, false, true))));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> f.fs.read(pod + "/memory.high").orElse("").strip().equals("max"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> rubik(f) != null && rubik(f).offlineMemoryHighMiB() == null);
      assertThat(f.fs.read(DaemonFixture.CG + "/memory/kubepods/besteffort/podh2/memory.high"))
          .isEmpty();
    }
  }
}
