package org.openeuler.nestos.operator.core.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.PsiPressure;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec.Mode;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.operator.core.pressure.PsiEvictionPlanner.Candidate;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

/** Which pods a pressured node may lose, in which order, and when a report counts. */
class PsiEvictionPlannerTest {
  static final Instant T = Instant.parse("2026-12-07T12:00:00Z");
  static final RubikProfile PSI =
      new RubikProfile(
          "rp", Mode.Native, null, new RubikFeatures(true, false, false, false, false, true));

  static Candidate pod(
      String ns,
      String name,
      boolean offline,
      QosClass qos,
      String phase,
      Integer priority,
      int ageMinutes,
      boolean terminating,
      boolean pinned) {
    return new Candidate(
        new PodSnapshot(
            "uid-" + name,
            ns,
            name,
            qos,
            Map.of(),
            offline ? Map.of("volcano.sh/preemptable", "true") : Map.of(),
            List.of(),
            phase,
            null,
            priority),
        T.minus(Duration.ofMinutes(ageMinutes)),
        terminating,
        pinned);
  }

  static Candidate offline(String name, Integer priority, int age) {
    return pod("jobs", name, true, QosClass.BestEffort, "Running", priority, age, false, false);
  }

  @Test
  void onlyRunningOfflinePodsThatWouldNotComeBackAreVictims() {
    var list =
        List.of(
            offline("ok", null, 5),
            pod("jobs", "online", false, QosClass.BestEffort, "Running", null, 5, false, false),
            pod("jobs", "guaranteed", true, QosClass.Guaranteed, "Running", null, 5, false, false),
            pod("jobs", "pending", true, QosClass.BestEffort, "Pending", null, 5, false, false),
            pod("jobs", "leaving", true, QosClass.BestEffort, "Running", null, 5, true, false),
            pod("jobs", "daemonset", true, QosClass.BestEffort, "Running", null, 5, false, true),
            pod("kube-system", "sys", true, QosClass.BestEffort, "Running", null, 5, false, false),
            pod(
                "nestos-system",
                "own",
                true,
                QosClass.Burstable,
                "Running",
                null,
                5,
                false,
                false));
    assertThat(PsiEvictionPlanner.victims(list, PSI, Set.of("nestos-system")))
        .extracting(c -> c.snapshot().name())
        .containsExactly("ok");
  }

  @Test
  void lowestPriorityFirstThenTheYoungestThenByName() {
    var list =
        List.of(
            offline("old-low", -10, 60),
            offline("young-low", -10, 1),
            offline("young-default", null, 1),
            offline("b-same", -10, 1),
            offline("high", 1000, 0));
    assertThat(PsiEvictionPlanner.victims(list, PSI, Set.of()))
        .extracting(c -> c.snapshot().name())
        .containsExactly("b-same", "young-low", "old-low", "young-default", "high");
  }

  @Test
  void theProfilesSelectorsDecideWhatIsOffline() {
    var byNamespace =
        new RubikProfile(
            "rp",
            Mode.Native,
            new org.openeuler.nestos.api.v1alpha1.OfflineSelector(
                null,
                new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                    .withMatchLabels(Map.of("tier", "batch"))
                    .build()),
            new RubikFeatures(true, false, false, false, false, true),
            List.of("spark"));
    var list =
        List.of(
            pod("spark", "exec", false, QosClass.Burstable, "Running", null, 1, false, false),
            pod("web", "front", false, QosClass.Burstable, "Running", null, 1, false, false));
    assertThat(PsiEvictionPlanner.victims(list, byNamespace, Set.of()))
        .extracting(c -> c.snapshot().name())
        .containsExactly("exec");
  }

  @Test
  void aReportCountsWhileFreshAndOnlyForNativePsiProfiles() {
    PsiPressure p = new PsiPressure("cpu", 9.0, 5.0, "node", "2026-12-07T11:50:00Z", null);
    assertThat(PsiEvictionPlanner.fresh(p, T)).isFalse();
    assertThat(PsiEvictionPlanner.fresh(null, T)).isFalse();
    assertThat(
            PsiEvictionPlanner.fresh(
                new PsiPressure("cpu", 9.0, 5.0, "node", null, "2026-12-07T11:58:01Z"), T))
        .isTrue();
    assertThat(
            PsiEvictionPlanner.fresh(
                new PsiPressure("cpu", 9.0, 5.0, "node", null, "2026-12-07T11:57:59Z"), T))
        .isFalse();
    assertThat(PsiEvictionPlanner.fresh(new PsiPressure("cpu", 9.0, 5.0, "node", null, "junk"), T))
        .isFalse();
    assertThat(PsiEvictionPlanner.wanted(PSI)).isTrue();
    assertThat(PsiEvictionPlanner.wanted(new RubikProfile("rp", Mode.Rubik, null, PSI.features())))
        .isFalse();
    assertThat(
            PsiEvictionPlanner.wanted(
                new RubikProfile(
                    "rp",
                    Mode.Native,
                    null,
                    new RubikFeatures(true, false, false, false, true, false))))
        .isFalse();
    assertThat(PsiEvictionPlanner.wanted(null)).isFalse();
  }
}
