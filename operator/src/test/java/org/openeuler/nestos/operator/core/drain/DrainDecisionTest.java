package org.openeuler.nestos.operator.core.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainDecisionTest {

  static DrainPod pod(
      String name, List<String> controllers, boolean mirror, boolean emptyDir, String phase) {
    return new DrainPod("ns", name, Map.of("app", name), controllers, mirror, emptyDir, phase);
  }

  @Test
  void daemonSetMirrorAndFinishedPodsAreSkipped() {
    DrainDecision d =
        DrainDecision.of(
            List.of(
                pod("ds", List.of("DaemonSet"), false, false, "Running"),
                pod("mirror", List.of(), true, false, "Running"),
                pod("done", List.of(), false, false, "Succeeded"),
                pod("web", List.of("ReplicaSet"), false, false, "Running")),
            DrainOptions.defaults());
    assertThat(d.skip()).extracting(DrainPod::name).containsExactly("ds", "mirror", "done");
    assertThat(d.evict()).extracting(DrainPod::name).containsExactly("web");
    assertThat(d.blocked()).isFalse();
  }

  @Test
  void unmanagedAndEmptyDirPodsBlockUnlessAllowed() {
    List<DrainPod> pods =
        List.of(
            pod("bare", List.of(), false, false, "Running"),
            pod("cache", List.of("ReplicaSet"), false, true, "Running"));
    assertThat(DrainDecision.of(pods, DrainOptions.defaults()).blockers()).hasSize(2);
    DrainOptions permissive =
        new DrainOptions(Duration.ofSeconds(1), null, true, true, false, l -> false);
    assertThat(DrainDecision.of(pods, permissive).evict()).hasSize(2);
  }

  @Test
  void theBlockingSelectorWinsOverEverythingButSkips() {
    DrainOptions options =
        new DrainOptions(
            Duration.ofSeconds(1),
            null,
            true,
            true,
            false,
            labels -> "critical".equals(labels.get("app")));
    DrainDecision d =
        DrainDecision.of(
            List.of(pod("critical", List.of("ReplicaSet"), false, false, "Running")), options);
    assertThat(d.blockers())
        .singleElement()
        .satisfies(b -> assertThat(b.reason()).contains("blockingPodSelector"));
  }
}
