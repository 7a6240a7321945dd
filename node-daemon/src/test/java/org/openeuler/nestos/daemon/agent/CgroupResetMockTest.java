package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.Specs;

/**
 * Issue 15 item 5: cgroup values something else resets are put back and shown. On a kernel with
 * neither {@code cpu.qos_level} nor {@code cpu.idle}, CPU preemption for an offline pod falls back
 * to {@code cpu.shares=2}, a value the kubelet and systemd own too: an in-place pod resize makes
 * the kubelet write the pod's {@code cpu.shares} from its new request, and {@code systemctl
 * daemon-reload} makes systemd write a pod slice's {@code CPUShares} (set by the kubelet's systemd
 * driver) again. Both are drift: re-applied and reported as {@code Drifted=True/DriftDetected}.
 */
class CgroupResetMockTest {

  static final String CPU = DaemonFixture.CG + "/cpu";

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

  @Test
  void anInPlaceResizeThatRewritesTheOfflinePodsCpuSharesIsReApplied() throws Exception {
    try (DaemonFixture f = sharesOnlyKernel()) {
      String shares = CPU + "/kubepods/burstable/podh5/cpu.shares";
      f.file(shares, "102\n"); // the kubelet's value for a 100m request
      f.start(null);
      f.create(offlinePreemption(f));
      burstableOfflinePod(f, "resized", "h5", "100m");
      await().atMost(Duration.ofSeconds(10)).until(() -> read(f, shares).equals("2"));

      // the resize: the pod's request grows to 200m and the kubelet writes the pod's cgroup
      f.operator
          .pods()
          .inNamespace("default")
          .withName("resized")
          .edit(
              p -> {
                p.getSpec()
                    .getContainers()
                    .get(0)
                    .getResources()
                    .getRequests()
                    .put("cpu", new Quantity("200m"));
                return p;
              });
      f.fs.write(shares, "204\n");

      await().atMost(Duration.ofSeconds(10)).until(() -> read(f, shares).equals("2"));
      assertDriftShown(f, "cpu.shares");
    }
  }

  @Test
  void aDaemonReloadThatResetsAPodSliceIsReApplied() throws Exception {
    try (DaemonFixture f = sharesOnlyKernel()) {
      // the kubelet's systemd driver: pods are slices systemd owns
      String slice =
          CPU + "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podh6.slice";
      f.file(slice + "/cpu.shares", "102\n");
      f.start(null);
      f.create(offlinePreemption(f));
      burstableOfflinePod(f, "batch", "h6", "100m");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> read(f, slice + "/cpu.shares").equals("2"));

      // systemctl daemon-reload: systemd writes the slice's CPUShares=102 again
      f.fs.write(slice + "/cpu.shares", "102\n");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> read(f, slice + "/cpu.shares").equals("2"));
      assertDriftShown(f, "cpu.shares");
    }
  }

  /**
   * The kernel reports the write (inotify): the value is back within seconds although the periodic
   * check is an hour away, and the daemon's own writes are not taken for drift.
   */
  @Test
  void aWriteBySomeoneElseIsCorrectedWhenItHappensNotAtThePeriodicCheck() throws Exception {
    try (DaemonFixture f = sharesOnlyKernel()) {
      f.driftInterval = Duration.ofHours(1);
      String slice =
          CPU + "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podh7.slice";
      f.file(slice + "/cpu.shares", "102\n");
      f.start(null);
      f.create(offlinePreemption(f));
      burstableOfflinePod(f, "watched", "h7", "100m");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> read(f, slice + "/cpu.shares").equals("2"));
      assertThat(f.get().getStatus().conditions())
          .as("the daemon's own write is no drift")
          .noneMatch(c -> "Drifted".equals(c.getType()) && "True".equals(c.getStatus()));

      // (events within ForeignWrites.OWN_WRITE_WINDOW of the daemon's own write are its own)
      Thread.sleep(2 * ForeignWrites.OWN_WRITE_WINDOW.toMillis());
      f.fs.write(slice + "/cpu.shares", "102\n");

      await().atMost(Duration.ofSeconds(5)).until(() -> read(f, slice + "/cpu.shares").equals("2"));
      assertDriftShown(f, "cpu.shares");
    }
  }

  /** A node whose kernel has neither cpu.qos_level nor cpu.idle (preemption by cpu.shares). */
  private DaemonFixture sharesOnlyKernel() throws Exception {
    DaemonFixture f = new DaemonFixture(server, tmp);
    f.fs.delete(CPU + "/kubepods/cpu.idle");
    f.driftInterval = Duration.ofMillis(200);
    return f;
  }

  private static org.openeuler.nestos.api.v1alpha1.NodeStateSpec offlinePreemption(
      DaemonFixture f) {
    return f.spec(
        null,
        Specs.none(),
        FailureAction.RollbackNode,
        List.of(),
        new RubikProfile(
            "p",
            RubikPolicySpec.Mode.Native,
            null,
            new RubikFeatures(true, false, false, false, false, false)));
  }

  private static void burstableOfflinePod(DaemonFixture f, String name, String hash, String cpu) {
    f.operator
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(
                    Map.of("volcano.sh/preemptable", "true", "kubernetes.io/config.hash", hash))
                .endMetadata()
                .withNewSpec()
                .withNodeName(f.node)
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .withNewResources()
                .addToRequests("cpu", new Quantity(cpu))
                .addToLimits("cpu", new Quantity("1"))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withQosClass("Burstable")
                .endStatus()
                .build())
        .create();
  }

  private static String read(DaemonFixture f, String path) throws Exception {
    return f.fs.read(path).orElse("").strip();
  }

  private static void assertDriftShown(DaemonFixture f, String file) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Condition drifted =
                  f.get().getStatus().conditions().stream()
                      .filter(c -> "Drifted".equals(c.getType()))
                      .findFirst()
                      .orElseThrow();
              assertThat(drifted.getStatus()).isEqualTo("True");
              assertThat(drifted.getReason()).isEqualTo("DriftDetected");
              assertThat(drifted.getMessage()).contains("re-applied").contains(file);
            });
    assertThat(f.fake.reboots()).isZero();
  }
}
