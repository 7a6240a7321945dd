package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.render.Fx.all;
import static org.openeuler.nestos.operator.core.render.Fx.nc;
import static org.openeuler.nestos.operator.core.render.Fx.node;
import static org.openeuler.nestos.operator.core.render.Fx.rp;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.FeatureBackend;
import org.openeuler.nestos.api.v1alpha1.FeatureBackendCount;
import org.openeuler.nestos.api.v1alpha1.NodeConfigStatus;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.PrerequisiteCount;
import org.openeuler.nestos.api.v1alpha1.RubikPolicyStatus;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.api.v1alpha1.SysctlIssue;
import org.openeuler.nestos.api.v1alpha1.SysctlSummary;

class StatusAggregatorTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2025-01-01T00:05:00.123Z");

  private static NodeStateStatus st(
      String rev, List<String> kargs, List<SysctlIssue> issues, RubikSummary rubik) {
    return new NodeStateStatus(
        null,
        "b",
        rev,
        null,
        null,
        null,
        null,
        kargs,
        new SysctlSummary(1, issues),
        rubik,
        null,
        null);
  }

  private static String cond(List<Condition> cs, ConditionType t) {
    Condition c = Conditions.find(cs, t.value());
    return c == null ? null : c.getStatus() + "/" + c.getReason();
  }

  @Test
  void nodeConfigCountsAndConditions() {
    List<NodeInfo> nodes = List.of(node("n1"), node("n2"), node("n3"), node("n4"), node("n5"));
    RenderResult r =
        Fx.render(
            nodes,
            List.of(),
            List.of(
                nc("tune", 0, all(), "net.core.somaxconn=1024", "@nosmt"),
                nc("other", 0, all(), "vm.swappiness=1")),
            List.of());
    String rev = r.nodes().get("n1").spec().revision();
    Map<String, NodeStateStatus> statuses =
        Map.of(
            "n1", st(rev, List.of("nosmt"), List.of(), null),
            "n2",
                st(
                    rev,
                    List.of("nosmt"),
                    List.of(new SysctlIssue("net.core.somaxconn", "NamespacedKey", "warn")),
                    null),
            "n3", st("old", List.of(), List.of(), null),
            "n4",
                st(
                    rev,
                    List.of("nosmt"),
                    List.of(new SysctlIssue("net.core.somaxconn", "NotWritable", "ro")),
                    null),
            "n5",
                st(
                    rev,
                    List.of("nosmt"),
                    List.of(new SysctlIssue("vm.swappiness", "NotFound", "other's key")),
                    null));
    NodeConfigStatus s = NodeConfigStatusAggregator.aggregate("tune", 4L, r, statuses, null, T0);
    assertThat(s.observedGeneration()).isEqualTo(4L);
    assertThat(s.targetNodes()).isEqualTo(5);
    assertThat(s.appliedNodes()).isEqualTo(3);
    assertThat(s.pendingRebootNodes()).isEqualTo(1);
    assertThat(s.failedNodes()).isEqualTo(1);
    assertThat(s.conflictCount()).isZero();
    assertThat(cond(s.conditions(), ConditionType.READY)).isEqualTo("False/Progressing");
    assertThat(cond(s.conditions(), ConditionType.RECONCILING)).isEqualTo("True/Progressing");
    assertThat(cond(s.conditions(), ConditionType.DEGRADED)).isEqualTo("True/ApplyFailed");
    assertThat(s.conditions())
        .allMatch(
            c ->
                c.getObservedGeneration() == 4L
                    && c.getLastTransitionTime().equals("2025-01-01T00:00:00Z"));
  }

  @Test
  void nodeConfigReadyWhenAllApplied() {
    RenderResult r =
        Fx.render(
            List.of(node("n1")),
            List.of(),
            List.of(nc("tune", 0, all(), "vm.swappiness=1")),
            List.of());
    String rev = r.nodes().get("n1").spec().revision();
    NodeConfigStatus s =
        NodeConfigStatusAggregator.aggregate(
            "tune", 1L, r, Map.of("n1", st(rev, null, null, null)), null, T0);
    assertThat(cond(s.conditions(), ConditionType.READY)).isEqualTo("True/Applied");
    assertThat(cond(s.conditions(), ConditionType.RECONCILING)).isEqualTo("False/Applied");
    assertThat(cond(s.conditions(), ConditionType.DEGRADED)).isEqualTo("False/Applied");
    NodeConfigStatus none =
        NodeConfigStatusAggregator.aggregate("absent", 1L, r, Map.of(), null, T0);
    assertThat(cond(none.conditions(), ConditionType.READY)).isEqualTo("True/NoTargets");
  }

  @Test
  void nodeConfigConflictIsDegraded() {
    RenderResult r =
        Fx.render(
            List.of(node("n1")),
            List.of(),
            List.of(nc("a", 0, all(), "vm.swappiness=1"), nc("b", 0, all(), "vm.swappiness=2")),
            List.of());
    NodeConfigStatus s = NodeConfigStatusAggregator.aggregate("b", 1L, r, Map.of(), null, T0);
    assertThat(cond(s.conditions(), ConditionType.DEGRADED)).isEqualTo("True/Conflict");
    assertThat(s.conflictCount()).isEqualTo(1);
  }

  @Test
  void rubikBackendsAndMissingPrerequisitesAreCountedOverWonNodes() {
    List<NodeInfo> nodes = List.of(node("n1", "p=x"), node("n2", "p=x"), node("n3", "p=y"));
    RenderResult r =
        Fx.render(
            nodes, List.of(), List.of(), List.of(rp("mix", 1, Fx.sel("p=x")), rp("low", 0, all())));
    String rev = r.nodes().get("n1").spec().revision();
    RubikSummary v1 =
        new RubikSummary(
            List.of(
                new FeatureBackend("cpuPreemption", "cpu.qos_level"),
                new FeatureBackend("memoryPreemption", "Unsupported")),
            3,
            2,
            List.of("sysctl vm.memcg_qos_enable=1"),
            null);
    RubikSummary v2 =
        new RubikSummary(
            List.of(new FeatureBackend("cpuPreemption", "cpu.idle")),
            1,
            1,
            List.of("sysctl vm.memcg_qos_enable=1", "karg psi=1"),
            null);
    Map<String, NodeStateStatus> statuses =
        Map.of(
            "n1",
            st(rev, null, null, v1),
            "n2",
            st("old", null, null, v2),
            "n3",
            st(rev, null, null, v1));
    RubikPolicyStatus s = RubikPolicyStatusAggregator.aggregate("mix", 2L, r, statuses, null, T0);
    assertThat(s.targetNodes()).isEqualTo(2);
    assertThat(s.appliedNodes()).isEqualTo(1);
    assertThat(s.backends())
        .containsExactly(
            new FeatureBackendCount("cpuPreemption", "cpu.idle", 1),
            new FeatureBackendCount("cpuPreemption", "cpu.qos_level", 1),
            new FeatureBackendCount("memoryPreemption", "Unsupported", 1));
    assertThat(s.missingPrerequisites())
        .containsExactly(
            new PrerequisiteCount("karg psi=1", 1),
            new PrerequisiteCount("sysctl vm.memcg_qos_enable=1", 2));
    assertThat(cond(s.conditions(), ConditionType.DEGRADED)).isEqualTo("True/MissingPrerequisites");
    assertThat(cond(s.conditions(), ConditionType.READY)).isEqualTo("False/Progressing");
  }

  @Test
  void rubikCgroupWriteFailuresOnANodeMakeThePolicyDegradedNotReady() {
    List<NodeInfo> nodes = List.of(node("n1"), node("n2"));
    RenderResult r = Fx.render(nodes, List.of(), List.of(), List.of(rp("qos", 0, all())));
    String rev = r.nodes().get("n1").spec().revision();
    List<FeatureBackend> cpu = List.of(new FeatureBackend("cpuPreemption", "cpu.idle"));
    RubikSummary clean = new RubikSummary(cpu, 3, 1, List.of(), null);
    Map<String, NodeStateStatus> statuses =
        Map.of("n1", st(rev, null, null, clean), "n2", st(rev, null, null, clean));
    RubikPolicyStatus ok = RubikPolicyStatusAggregator.aggregate("qos", 1L, r, statuses, null, T0);
    assertThat(cond(ok.conditions(), ConditionType.READY)).isEqualTo("True/Applied");
    assertThat(cond(ok.conditions(), ConditionType.DEGRADED)).isEqualTo("False/Applied");
    assertThat(ok.failedNodes()).isZero();

    Map<String, NodeStateStatus> failing =
        Map.of(
            "n1", st(rev, null, null, clean), "n2", st(rev, null, null, clean.withFailedWrites(2)));
    RubikPolicyStatus s = RubikPolicyStatusAggregator.aggregate("qos", 1L, r, failing, null, T0);
    assertThat(s.failedNodes()).isEqualTo(1);
    assertThat(s.appliedNodes()).isEqualTo(1);
    assertThat(cond(s.conditions(), ConditionType.DEGRADED)).isEqualTo("True/ApplyFailed");
    assertThat(cond(s.conditions(), ConditionType.READY)).isEqualTo("False/Progressing");
    assertThat(Conditions.find(s.conditions(), ConditionType.DEGRADED.value()).getMessage())
        .contains("1 node(s)")
        .contains("failedWrites");
  }

  @Test
  void conditionsKeepTransitionTimeWhenUnchanged() {
    Condition ready = Conditions.of(ConditionType.READY, true, ConditionReason.APPLIED, "1/1", 1L);
    Condition degraded =
        Conditions.of(ConditionType.DEGRADED, false, ConditionReason.APPLIED, "", 1L);
    Condition stale =
        Conditions.of(ConditionType.STALLED, true, ConditionReason.INVALID_SPEC, "x", 1L);
    List<Condition> old = Conditions.merge(null, List.of(ready, degraded, stale), T0);
    assertThat(old).allMatch(c -> c.getLastTransitionTime().equals("2025-01-01T00:00:00Z"));

    Condition ready2 = Conditions.of(ConditionType.READY, true, ConditionReason.APPLIED, "1/1", 2L);
    Condition degraded2 =
        Conditions.of(ConditionType.DEGRADED, true, ConditionReason.CONFLICT, "k", 2L);
    List<Condition> merged = Conditions.merge(old, List.of(ready2, degraded2), T1);
    assertThat(merged)
        .extracting(
            Condition::getType, Condition::getLastTransitionTime, Condition::getObservedGeneration)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("Ready", "2025-01-01T00:00:00Z", 2L),
            org.assertj.core.api.Assertions.tuple("Degraded", "2025-01-01T00:05:00Z", 2L));
    assertThat(ready2.getLastTransitionTime()).isNull();
    // one rule for every CR (issue 14): a new message or reason is no transition, a new status is
    Condition msgChanged =
        Conditions.of(ConditionType.READY, true, ConditionReason.APPLIED, "2/2", 2L);
    assertThat(Conditions.merge(old, List.of(msgChanged), T1).get(0).getLastTransitionTime())
        .isEqualTo("2025-01-01T00:00:00Z");
    Condition reasonChanged =
        Conditions.of(ConditionType.STALLED, true, ConditionReason.CONFLICT, "y", 2L);
    assertThat(Conditions.merge(old, List.of(reasonChanged), T1).get(0).getLastTransitionTime())
        .isEqualTo("2025-01-01T00:00:00Z");
    Condition flipped =
        Conditions.of(ConditionType.READY, false, ConditionReason.APPLIED, "1/2", 2L);
    assertThat(Conditions.merge(old, List.of(flipped), T1).get(0).getLastTransitionTime())
        .isEqualTo("2025-01-01T00:05:00Z");
  }
}
