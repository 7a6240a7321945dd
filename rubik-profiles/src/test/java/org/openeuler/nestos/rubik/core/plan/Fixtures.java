package org.openeuler.nestos.rubik.core.plan;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.OfflineSelector;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec.Mode;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.rubik.core.model.CgroupDriver;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.ContainerSnapshot;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

/** Test builders. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * This machine's kind of node (docs/design.md §6): v1, cpu.idle/cfs_burst_us/shares, soft limit,
   * no blkio weights.
   */
  public static NodeCapabilities upstreamV1() {
    return caps(
        CgroupVersion.V1,
        Map.of(
            "cpu",
            Set.of("cpu.shares", "cpu.idle", "cpu.cfs_burst_us"),
            "memory",
            Set.of("memory.soft_limit_in_bytes")),
        Map.of(),
        Set.of());
  }

  /** An openEuler 22.03 node with everything rubik uses. */
  public static NodeCapabilities openEuler() {
    return new NodeCapabilities(
        CgroupVersion.V1,
        CgroupDriver.CGROUPFS,
        null,
        Map.of(
            "cpu",
            Set.of("cpu.qos_level", "cpu.shares", "cpu.cfs_burst_us"),
            "memory",
            Set.of("memory.qos_level", "memory.soft_limit_in_bytes"),
            "blkio",
            Set.of("blkio.cost.weight")),
        Map.of("vm.memcg_qos_enable", "1"),
        Set.of("cgroup1_writeback"),
        true,
        false);
  }

  /** An upstream cgroup v2 node. */
  public static NodeCapabilities upstreamV2() {
    return new NodeCapabilities(
        CgroupVersion.V2,
        CgroupDriver.SYSTEMD,
        null,
        Map.of(
            "cpu",
            Set.of("cpu.weight", "cpu.idle", "cpu.max.burst"),
            "memory",
            Set.of("memory.high", "memory.low"),
            "io",
            Set.of("io.weight")),
        Map.of(),
        Set.of(),
        false,
        false);
  }

  public static NodeCapabilities caps(
      CgroupVersion v,
      Map<String, Set<String>> files,
      Map<String, String> sysctls,
      Set<String> kargs) {
    return new NodeCapabilities(
        v, CgroupDriver.CGROUPFS, null, files, sysctls, kargs, false, false);
  }

  public static RubikFeatures features(boolean cpu, boolean mem, boolean burst, boolean io) {
    return new RubikFeatures(cpu, mem, burst, io, false, false);
  }

  public static RubikProfile profile(RubikFeatures f) {
    return profile(f, null);
  }

  public static RubikProfile profile(RubikFeatures f, OfflineSelector sel) {
    return new RubikProfile("qos", Mode.Native, sel, f);
  }

  public static LabelSelector matchLabels(String k, String v) {
    LabelSelector s = new LabelSelector();
    s.setMatchLabels(Map.of(k, v));
    return s;
  }

  public static PodSnapshot pod(
      String uid, QosClass qos, boolean preemptable, ContainerSnapshot... ctrs) {
    Map<String, String> anno = new HashMap<>();
    if (preemptable) {
      anno.put("volcano.sh/preemptable", "true");
    }
    return new PodSnapshot(
        uid, "default", "p-" + uid, qos, Map.of(), anno, List.of(ctrs), "Running");
  }

  public static PodSnapshot withAnnotation(PodSnapshot p, String k, String v) {
    Map<String, String> a = new HashMap<>(p.annotations());
    a.put(k, v);
    return new PodSnapshot(
        p.uid(), p.namespace(), p.name(), p.qosClass(), p.labels(), a, p.containers(), p.phase());
  }

  public static ContainerSnapshot ctr(String id, Long quota) {
    return new ContainerSnapshot("c-" + id, "containerd://" + id, quota, null, null);
  }

  public static QosPlan.Ready ready(QosPlan p) {
    if (p instanceof QosPlan.Ready r) {
      return r;
    }
    throw new AssertionError("expected a plan, got " + p);
  }
}
