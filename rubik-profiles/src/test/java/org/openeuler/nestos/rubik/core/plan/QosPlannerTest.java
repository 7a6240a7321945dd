package org.openeuler.nestos.rubik.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.ctr;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.features;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.pod;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.profile;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.ready;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.withAnnotation;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.OfflineSelector;
import org.openeuler.nestos.api.v1alpha1.PodRef;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec.Mode;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.rubik.core.classify.Classification.Reason;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

class QosPlannerTest {
  static final String BE = "/sys/fs/cgroup/cpu/kubepods/besteffort/poda";

  static QosPlan plan(
      NodeCapabilities caps, List<PodSnapshot> pods, List<CgroupWrite> applied, boolean... f) {
    return QosPlanner.plan(
        new PlanRequest(profile(features(f[0], f[1], f[2], f[3])), caps, pods, Map.of(), applied));
  }

  static List<String> lines(List<CgroupWrite> ws) {
    return ws.stream().map(w -> w.file() + "=" + w.value()).toList();
  }

  @Test
  void upstreamV1OfflineGetsCpuIdleOnPodThenContainers() {
    var r =
        ready(
            plan(
                Fixtures.upstreamV1(),
                List.of(pod("a", QosClass.BestEffort, true, ctr("c1", null))),
                List.of(),
                true,
                false,
                false,
                false));
    assertThat(lines(r.writes())).containsExactly(BE + "/cpu.idle=1", BE + "/c1/cpu.idle=1");
    assertThat(r.backends()).extracting(BackendChoice::backend).containsExactly(Backend.CPU_IDLE);
    assertThat(r.toSummary().offlinePods()).isEqualTo(1);
  }

  @Test
  void openEulerUsesQosLevelsAndIoCostAndReportsPrerequisites() {
    var caps = Fixtures.openEuler();
    var r =
        ready(
            plan(
                caps,
                List.of(
                    pod("a", QosClass.BestEffort, true, ctr("c1", null)),
                    pod("b", QosClass.Burstable, false, ctr("c2", 100000L))),
                List.of(),
                true,
                true,
                false,
                true));
    assertThat(lines(r.writes()))
        .containsExactly(
            BE + "/cpu.qos_level=-1",
            BE + "/c1/cpu.qos_level=-1",
            "/sys/fs/cgroup/memory/kubepods/besteffort/poda/memory.qos_level=-1",
            "/sys/fs/cgroup/memory/kubepods/besteffort/poda/c1/memory.qos_level=-1",
            "/sys/fs/cgroup/blkio/kubepods/besteffort/poda/blkio.cost.weight=10",
            "/sys/fs/cgroup/blkio/kubepods/burstable/podb/blkio.cost.weight=1000");
    assertThat(r.prerequisites())
        .extracting(Prerequisite::display)
        .containsExactly("sysctl vm.memcg_qos_enable=1", "karg cgroup1_writeback");
    assertThat(r.missingPrerequisites()).isEmpty();
  }

  @Test
  void podInAnOperatorResolvedNamespaceIsOffline() {
    var sel = new OfflineSelector(null, Fixtures.matchLabels("tier", "batch"));
    var profile =
        new RubikProfile(
            "qos", Mode.Native, sel, features(true, false, false, false), List.of("default"));
    var r =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    profile,
                    Fixtures.upstreamV1(),
                    List.of(pod("a", QosClass.BestEffort, false, ctr("c1", null))),
                    Map.of(),
                    List.of())));
    assertThat(lines(r.writes())).containsExactly(BE + "/cpu.idle=1", BE + "/c1/cpu.idle=1");
    assertThat(r.pods())
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).isEqualTo(Reason.NAMESPACE_SELECTOR));

    var elsewhere =
        new RubikProfile(
            "qos", Mode.Native, sel, features(true, false, false, false), List.of("batch"));
    var online =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    elsewhere,
                    Fixtures.upstreamV1(),
                    List.of(pod("a", QosClass.BestEffort, false, ctr("c1", null))),
                    Map.of(),
                    List.of())));
    assertThat(online.writes()).isEmpty();
    assertThat(online.pods()).singleElement().satisfies(c -> assertThat(c.offline()).isFalse());
  }

  @Test
  void guaranteedPodsAreNeverWritten() {
    var g =
        withAnnotation(
            pod("g", QosClass.Guaranteed, true, ctr("c", 100000L)),
            "volcano.sh/quota-burst-time",
            "1");
    var r = ready(plan(Fixtures.openEuler(), List.of(g), List.of(), true, true, true, true));
    assertThat(r.writes()).isEmpty();
    assertThat(r.pods()).singleElement().satisfies(c -> assertThat(c.offline()).isFalse());
  }

  @Test
  void burstPerContainerThenPodSum() {
    var p =
        withAnnotation(
            pod("a", QosClass.Burstable, false, ctr("c1", 200000L), ctr("c2", 50000L)),
            "volcano.sh/quota-burst-time",
            "50000");
    var r = ready(plan(Fixtures.upstreamV1(), List.of(p), List.of(), false, false, true, false));
    String dir = "/sys/fs/cgroup/cpu/kubepods/burstable/poda";
    assertThat(lines(r.writes()))
        .containsExactly(
            dir + "/c1/cpu.cfs_burst_us=50000",
            dir + "/c2/cpu.cfs_burst_us=50000",
            dir + "/cpu.cfs_burst_us=100000");
  }

  @Test
  void burstOverQuotaIsAFieldErrorAndNoPlan() {
    var ok = pod("a", QosClass.BestEffort, true, ctr("c0", null));
    var bad =
        withAnnotation(
            pod("b", QosClass.Burstable, false, ctr("c1", 10000L)),
            "volcano.sh/quota-burst-time",
            "20000");
    var nan =
        withAnnotation(
            pod("c", QosClass.Burstable, false, ctr("c2", 10000L)),
            "volcano.sh/quota-burst-time",
            "x");
    var p = plan(Fixtures.upstreamV1(), List.of(ok, bad, nan), List.of(), true, false, true, false);
    assertThat(p)
        .isInstanceOfSatisfying(
            QosPlan.Invalid.class,
            i ->
                assertThat(i.errors())
                    .extracting(FieldError::toString)
                    .containsExactly(
                        "pods[default/p-b].annotations[volcano.sh/quota-burst-time]: burst 20000 µs exceeds container 'c-c1' quota"
                            + " 10000 µs; burst must be <= quota",
                        "pods[default/p-c].annotations[volcano.sh/quota-burst-time]: 'x' is not an integer number of microseconds"));
  }

  @Test
  void unknownRuntimeIsAnError() {
    var p =
        new PodSnapshot(
            "a",
            "ns",
            "n",
            QosClass.BestEffort,
            Map.of(),
            Map.of("volcano.sh/preemptable", "true"),
            List.of(
                new org.openeuler.nestos.rubik.core.model.ContainerSnapshot(
                    "c", "rkt://1", null, null, null)),
            "Running");
    assertThat(plan(Fixtures.upstreamV1(), List.of(p), List.of(), true, false, false, false))
        .isInstanceOf(QosPlan.Invalid.class);
  }

  @Test
  void goingOnlineRestoresIdleButQosLevelNeedsARestart() {
    var off = pod("a", QosClass.BestEffort, true, ctr("c1", null));
    var on = pod("a", QosClass.BestEffort, false, ctr("c1", null));
    var first =
        ready(plan(Fixtures.upstreamV1(), List.of(off), List.of(), true, false, false, false));
    var back =
        ready(plan(Fixtures.upstreamV1(), List.of(on), first.writes(), true, false, false, false));
    assertThat(back.writes()).isEmpty();
    assertThat(back.restores())
        .extracting(CgroupRestore::file)
        .containsExactly(BE + "/c1/cpu.idle", BE + "/cpu.idle");
    assertThat(back.restartRequired()).isEmpty();

    var oe = ready(plan(Fixtures.openEuler(), List.of(off), List.of(), true, false, false, false));
    var oeBack =
        ready(plan(Fixtures.openEuler(), List.of(on), oe.writes(), true, false, false, false));
    assertThat(oeBack.restores()).isEmpty();
    assertThat(oeBack.restartRequired()).containsExactly(new PodRef("default", "p-a"));
    assertThat(oeBack.toSummary().restartRequiredPods()).hasSize(1);
  }

  @Test
  void policyGoneRestoresAllAndDepartedPodsAreForgotten() {
    var a = pod("a", QosClass.BestEffort, true, ctr("c1", null));
    var first =
        ready(plan(Fixtures.upstreamV1(), List.of(a), List.of(), true, false, false, false));
    var gone =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    null, Fixtures.upstreamV1(), List.of(a), Map.of(), first.writes())));
    assertThat(gone.restores()).hasSize(2);
    assertThat(gone.backends()).isEmpty();
    var deleted =
        ready(plan(Fixtures.upstreamV1(), List.of(), first.writes(), true, false, false, false));
    assertThat(deleted.restores()).isEmpty();
    assertThat(deleted.departedPods()).containsExactly("a");
  }

  @Test
  void nodeRunningRubikIsRefused() {
    var c = Fixtures.openEuler();
    var withRubik =
        new NodeCapabilities(
            c.version(),
            c.driver(),
            c.cgroupRoot(),
            c.files(),
            c.sysctls(),
            c.kernelArguments(),
            c.ioCostModelConfigured(),
            true);
    assertThat(
            plan(
                withRubik,
                List.of(pod("a", QosClass.BestEffort, true)),
                List.of(),
                true,
                false,
                false,
                false))
        .isInstanceOf(QosPlan.ConflictingAgent.class);
  }

  @Test
  void memoryFallbacks() {
    var p =
        pod(
            "a",
            QosClass.Burstable,
            true,
            new org.openeuler.nestos.rubik.core.model.ContainerSnapshot(
                "c", "docker://c1", null, null, 1_000_000_000L));
    var v1 = ready(plan(Fixtures.upstreamV1(), List.of(p), List.of(), false, true, false, false));
    assertThat(lines(v1.writes()))
        .containsExactly(
            "/sys/fs/cgroup/memory/kubepods/burstable/poda/memory.soft_limit_in_bytes=0",
            "/sys/fs/cgroup/memory/kubepods/burstable/poda/c1/memory.soft_limit_in_bytes=0");
    var v2 = ready(plan(Fixtures.upstreamV2(), List.of(p), List.of(), false, true, false, false));
    String dir =
        "/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poda.slice";
    assertThat(lines(v2.writes()))
        .containsExactly(
            dir + "/memory.low=0",
            dir + "/memory.high=799997952",
            dir + "/docker-c1.scope/memory.low=0",
            dir + "/docker-c1.scope/memory.high=799997952");
    var none =
        ready(
            plan(
                Fixtures.caps(
                    org.openeuler.nestos.rubik.core.model.CgroupVersion.V1,
                    Map.of(),
                    Map.of(),
                    java.util.Set.of()),
                List.of(p),
                List.of(),
                false,
                true,
                false,
                true));
    assertThat(none.writes()).isEmpty();
    assertThat(none.backends())
        .extracting(BackendChoice::backend)
        .containsExactly(Backend.UNSUPPORTED, Backend.UNSUPPORTED);
    assertThat(none.toSummary().backends())
        .extracting(b -> b.backend())
        .containsOnly("Unsupported");
  }

  @Test
  void aSelectAllPolicyLeavesKubeSystemAndCriticalPodsAloneAndRestoresThemIfWritten() {
    PodSnapshot coredns =
        new PodSnapshot(
            "dns",
            "kube-system",
            "coredns",
            QosClass.Burstable,
            Map.of(),
            Map.of(),
            List.of(ctr("d1", null)),
            "Running",
            "system-cluster-critical",
            2_000_000_000);
    PodSnapshot proxy =
        new PodSnapshot(
            "proxy",
            "default",
            "proxy",
            QosClass.BestEffort,
            Map.of(),
            Map.of(),
            List.of(),
            "Running",
            "system-node-critical",
            null);
    PodSnapshot batch = pod("a", QosClass.BestEffort, false);
    RubikProfile selectAll =
        new RubikProfile(
            "qos",
            Mode.Native,
            new OfflineSelector(new io.fabric8.kubernetes.api.model.LabelSelector(), null),
            features(true, false, false, false));
    String dnsIdle = "/sys/fs/cgroup/cpu/kubepods/burstable/poddns/cpu.idle";
    var r =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    selectAll,
                    Fixtures.upstreamV1(),
                    List.of(coredns, proxy, batch),
                    Map.of(),
                    // written by an earlier daemon that did not protect system pods
                    List.of(
                        new CgroupWrite(
                            "dns", Feature.CPU_PREEMPTION, Backend.CPU_IDLE, dnsIdle, "1")))));
    assertThat(lines(r.writes())).containsExactly(BE + "/cpu.idle=1");
    assertThat(r.pods())
        .filteredOn(c -> !c.podUid().equals("a"))
        .allSatisfy(c -> assertThat(c.reason()).isEqualTo(Reason.SYSTEM_POD));
    assertThat(r.restores())
        .containsExactly(
            new CgroupRestore("dns", Feature.CPU_PREEMPTION, Backend.CPU_IDLE, dnsIdle));
    assertThat(r.toSummary().offlinePods()).isEqualTo(1);

    RubikProfile optIn =
        new RubikProfile(
            "qos",
            Mode.Native,
            new OfflineSelector(new io.fabric8.kubernetes.api.model.LabelSelector(), null, true),
            features(true, false, false, false));
    var all =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    optIn, Fixtures.upstreamV1(), List.of(coredns, proxy, batch), Map.of(), null)));
    assertThat(all.toSummary().offlinePods()).isEqualTo(3);
  }

  @Test
  void dynMemorySetsOfflinePodsMemoryHighToTheFssrLimitAndTheLowerOneWinsWithPreemption() {
    var offline =
        pod(
            "a",
            QosClass.Burstable,
            true,
            new org.openeuler.nestos.rubik.core.model.ContainerSnapshot(
                "c", "docker://c1", null, null, 1_000_000_000L));
    var online = pod("b", QosClass.Burstable, false, ctr("c2", null));
    var dyn =
        new org.openeuler.nestos.api.v1alpha1.RubikFeatures(
            false, false, false, false, true, false);
    String dir =
        "/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poda.slice";
    var r =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    profile(dyn),
                    Fixtures.upstreamV2(),
                    List.of(offline, online),
                    Map.of(),
                    List.of(),
                    java.util.Set.of(),
                    2_000_000_000L)));
    assertThat(lines(r.writes())).containsExactly(dir + "/memory.high=2000000000");
    assertThat(r.backends())
        .extracting(BackendChoice::backend)
        .containsExactly(Backend.MEMORY_HIGH_FSSR);
    // with memory preemption (80% of the 1 GB limit = 799997952): one write, the lower value
    var both =
        new org.openeuler.nestos.api.v1alpha1.RubikFeatures(false, true, false, false, true, false);
    var low =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    profile(both),
                    Fixtures.upstreamV2(),
                    List.of(offline),
                    Map.of(),
                    List.of(),
                    java.util.Set.of(),
                    500_000_000L)));
    assertThat(lines(low.writes()))
        .containsExactly(
            dir + "/memory.low=0",
            dir + "/memory.high=500000000",
            dir + "/docker-c1.scope/memory.low=0",
            dir + "/docker-c1.scope/memory.high=799997952");
    assertThat(low.writes().get(1).feature()).isEqualTo(Feature.DYN_MEMORY);
    // no limit computed yet: nothing written for it; on cgroup v1 upstream: Unsupported
    var none =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    profile(dyn), Fixtures.upstreamV2(), List.of(offline), Map.of(), List.of())));
    assertThat(none.writes()).isEmpty();
    var v1 =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    profile(dyn),
                    Fixtures.upstreamV1(),
                    List.of(offline),
                    Map.of(),
                    List.of(),
                    java.util.Set.of(),
                    500_000_000L)));
    assertThat(v1.writes()).isEmpty();
    assertThat(v1.backends().get(0).backend()).isEqualTo(Backend.UNSUPPORTED);
    assertThat(v1.backends().get(0).detail()).contains("no memory.high");
  }
}
