package org.openeuler.nestos.rubik.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.rubik.core.model.ContainerSnapshot;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

/** Planner invariants over random pods, features and node kinds (issue 4, properties a-d). */
class QosPlannerPropertiesTest {

  @Property
  void neverWritesGuaranteedPods(
      @ForAll("pods") List<PodSnapshot> pods,
      @ForAll("features") RubikFeatures f,
      @ForAll("nodes") NodeCapabilities caps) {
    if (QosPlanner.plan(new PlanRequest(Fixtures.profile(f), caps, pods, Map.of(), List.of()))
        instanceof QosPlan.Ready r) {
      Set<String> guaranteed = new HashSet<>();
      pods.stream()
          .filter(p -> p.qosClass() == QosClass.Guaranteed)
          .forEach(p -> guaranteed.add(p.cgroupId()));
      assertThat(r.writes()).noneMatch(w -> guaranteed.contains(w.podUid()));
    }
  }

  @Property
  void oneBackendPerEnabledFeature(
      @ForAll("pods") List<PodSnapshot> pods,
      @ForAll("features") RubikFeatures f,
      @ForAll("nodes") NodeCapabilities caps) {
    if (QosPlanner.plan(new PlanRequest(Fixtures.profile(f), caps, pods, Map.of(), List.of()))
        instanceof QosPlan.Ready r) {
      assertThat(r.backends())
          .extracting(BackendChoice::feature)
          .containsExactlyElementsOf(Features.enabled(f));
      Map<Feature, Backend> chosen = new java.util.EnumMap<>(Feature.class);
      r.backends().forEach(b -> chosen.put(b.feature(), b.backend()));
      r.writes().forEach(w -> assertThat(w.backend()).isEqualTo(chosen.get(w.feature())));
    }
  }

  @Property
  void onlineRestoreTouchesOnlyFilesTheFirstPlanWrote(
      @ForAll("pods") List<PodSnapshot> pods,
      @ForAll("features") RubikFeatures f,
      @ForAll("nodes") NodeCapabilities caps) {
    if (!(QosPlanner.plan(new PlanRequest(Fixtures.profile(f), caps, pods, Map.of(), List.of()))
        instanceof QosPlan.Ready first)) {
      return;
    }
    Set<String> touched = new HashSet<>();
    first.writes().forEach(w -> touched.add(w.file()));
    List<PodSnapshot> online = pods.stream().map(QosPlannerPropertiesTest::online).toList();
    var back =
        Fixtures.ready(
            QosPlanner.plan(
                new PlanRequest(Fixtures.profile(f), caps, online, Map.of(), first.writes())));
    back.restores().forEach(r -> assertThat(touched).contains(r.file()));
    back.writes().forEach(w -> assertThat(touched).contains(w.file()));
    var gone =
        Fixtures.ready(
            QosPlanner.plan(new PlanRequest(null, caps, online, Map.of(), first.writes())));
    assertThat(gone.writes()).isEmpty();
    gone.restores().forEach(r -> assertThat(touched).contains(r.file()));
  }

  @Property
  void deterministic(
      @ForAll("pods") List<PodSnapshot> pods,
      @ForAll("features") RubikFeatures f,
      @ForAll("nodes") NodeCapabilities caps) {
    var req = new PlanRequest(Fixtures.profile(f), caps, pods, Map.of(), List.of());
    List<PodSnapshot> reversed = new ArrayList<>(pods);
    java.util.Collections.reverse(reversed);
    assertThat(QosPlanner.plan(req))
        .isEqualTo(QosPlanner.plan(req))
        .isEqualTo(
            QosPlanner.plan(
                new PlanRequest(Fixtures.profile(f), caps, reversed, Map.of(), List.of())));
  }

  /**
   * Planning with kept per-pod plans (a pod event's pass: every pod but the changed ones known from
   * before) gives exactly the plan of planning every pod; a kept plan of another snapshot of the
   * pod is not used.
   */
  @Property
  void keptPodPlansGiveTheSamePlan(
      @ForAll("pods") List<PodSnapshot> pods,
      @ForAll("features") RubikFeatures f,
      @ForAll("nodes") NodeCapabilities caps,
      @ForAll long seed) {
    var req = new PlanRequest(Fixtures.profile(f), caps, pods, Map.of(), List.of());
    java.util.Random random = new java.util.Random(seed);
    Map<PodSnapshot, QosPlanner.PodPlan> kept = new java.util.IdentityHashMap<>();
    for (PodSnapshot p : pods) {
      if (random.nextBoolean()) {
        kept.put(p, QosPlanner.planPod(req, p));
      }
    }
    // a changed pod: its kept plan is for an older snapshot (an online copy)
    if (!pods.isEmpty()) {
      PodSnapshot changed = pods.get(random.nextInt(pods.size()));
      QosPlanner.PodPlan stale = QosPlanner.planPod(req, online(changed));
      kept.put(changed, stale);
    }
    assertThat(QosPlanner.plan(req, kept::get)).isEqualTo(QosPlanner.plan(req));
  }

  static PodSnapshot online(PodSnapshot p) {
    Map<String, String> a = new java.util.HashMap<>(p.annotations());
    a.remove("volcano.sh/preemptable");
    return new PodSnapshot(
        p.uid(), p.namespace(), p.name(), p.qosClass(), p.labels(), a, p.containers(), p.phase());
  }

  @Provide
  Arbitrary<List<PodSnapshot>> pods() {
    Arbitrary<ContainerSnapshot> ctr =
        Combinators.combine(
                Arbitraries.strings().numeric().ofLength(6),
                Arbitraries.of("docker://", "containerd://", "cri-o://", "iSulad://"),
                Arbitraries.longs().between(10_000, 400_000).injectNull(0.3),
                Arbitraries.longs().between(1 << 20, 1L << 33).injectNull(0.3))
            .as(
                (id, scheme, quota, mem) ->
                    new ContainerSnapshot("c" + id, scheme + id, quota, null, mem));
    Arbitrary<PodSnapshot> pod =
        Combinators.combine(
                Arbitraries.strings().alpha().ofLength(8),
                Arbitraries.of(QosClass.class),
                Arbitraries.of(true, false),
                ctr.list().ofMaxSize(3),
                Arbitraries.of("", "0", "5000", "20000"))
            .as(
                (uid, q, off, cs, burst) -> {
                  Map<String, String> a = new java.util.HashMap<>();
                  if (off) {
                    a.put("volcano.sh/preemptable", "true");
                  }
                  if (!burst.isEmpty()) {
                    a.put("volcano.sh/quota-burst-time", burst);
                  }
                  return new PodSnapshot(uid, "ns", "n" + uid, q, Map.of(), a, cs, "Running");
                });
    return pod.list().ofMaxSize(6).uniqueElements(PodSnapshot::uid);
  }

  @Provide
  Arbitrary<RubikFeatures> features() {
    var b = Arbitraries.of(true, false);
    return Combinators.combine(b, b, b, b).as(Fixtures::features);
  }

  @Provide
  Arbitrary<NodeCapabilities> nodes() {
    return Arbitraries.of(Fixtures.upstreamV1(), Fixtures.openEuler(), Fixtures.upstreamV2());
  }
}
