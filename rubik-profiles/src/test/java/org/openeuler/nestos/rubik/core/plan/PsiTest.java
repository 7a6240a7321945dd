package org.openeuler.nestos.rubik.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.ctr;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.features;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.pod;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.profile;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.ready;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.rubik.core.model.QosClass;

/** Which pressure files a node reads, how a file is parsed, when a node is under pressure. */
class PsiTest {

  @Test
  void parsesSomeAvg10AndIgnoresFullOrGarbage() {
    assertThat(
            Psi.someAvg10(
                    "some avg10=12.34 avg60=1.00 avg300=0.00 total=5\n"
                        + "full avg10=99.00 avg60=0.00 avg300=0.00 total=0\n")
                .getAsDouble())
        .isEqualTo(12.34);
    assertThat(Psi.someAvg10("full avg10=3.00 avg60=0 avg300=0 total=0\n")).isEmpty();
    assertThat(Psi.someAvg10("some avg10=x avg60=0\n")).isEmpty();
    assertThat(Psi.someAvg10("")).isEmpty();
  }

  @Test
  void theWorstReadingAtOrOverTheThresholdWins() {
    var cpu = new Psi.Reading("node", "cpu", 5.0);
    var io = new Psi.Reading("pod a/b", "io", 30.0);
    var mem = new Psi.Reading("node", "memory", 4.99);
    assertThat(Psi.worstOver(List.of(cpu, io, mem), Psi.AVG10_THRESHOLD)).contains(io);
    assertThat(Psi.worstOver(List.of(cpu, mem), Psi.AVG10_THRESHOLD)).contains(cpu);
    assertThat(Psi.worstOver(List.of(mem), Psi.AVG10_THRESHOLD)).isEmpty();
  }

  @Test
  void cgroupV2ReadsOnlineAndGuaranteedPodsV1TheNode() {
    var offline = pod("a", QosClass.BestEffort, true, ctr("c1", null));
    var online = pod("b", QosClass.Burstable, false, ctr("c2", null));
    var guaranteed = pod("g", QosClass.Guaranteed, false, ctr("c3", null));
    var pods = List.of(offline, online, guaranteed);
    var v2 = Fixtures.upstreamV2();
    var plan =
        ready(
            QosPlanner.plan(
                new PlanRequest(
                    profile(features(true, false, false, false)), v2, pods, Map.of(), List.of())));
    assertThat(Psi.files(v2, pods, plan.pods()))
        .extracting(Psi.File::source, Psi.File::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "pod default/p-b",
                "/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podb.slice/cpu.pressure"),
            org.assertj.core.groups.Tuple.tuple(
                "pod default/p-b",
                "/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podb.slice/memory.pressure"),
            org.assertj.core.groups.Tuple.tuple(
                "pod default/p-b",
                "/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podb.slice/io.pressure"),
            org.assertj.core.groups.Tuple.tuple(
                "pod default/p-g",
                "/sys/fs/cgroup/kubepods.slice/kubepods-podg.slice/cpu.pressure"),
            org.assertj.core.groups.Tuple.tuple(
                "pod default/p-g",
                "/sys/fs/cgroup/kubepods.slice/kubepods-podg.slice/memory.pressure"),
            org.assertj.core.groups.Tuple.tuple(
                "pod default/p-g",
                "/sys/fs/cgroup/kubepods.slice/kubepods-podg.slice/io.pressure"));
    assertThat(Psi.files(Fixtures.upstreamV1(), pods, plan.pods()))
        .extracting(Psi.File::path)
        .containsExactly("/proc/pressure/cpu", "/proc/pressure/memory", "/proc/pressure/io");
    // no online pod: the node's files
    assertThat(Psi.files(v2, List.of(offline), plan.pods())).isEqualTo(Psi.nodeFiles());
  }

  @Test
  void psiPrerequisitesFollowTheFeatureInBothModes() {
    var psi =
        new org.openeuler.nestos.api.v1alpha1.RubikFeatures(
            false, false, false, false, false, true);
    assertThat(Prerequisites.required(psi))
        .extracting(Prerequisite::name)
        .containsExactly("psi=1", "psi_v1=1");
    assertThat(Prerequisites.required(features(true, false, false, false))).isEmpty();
  }
}
