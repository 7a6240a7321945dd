package org.openeuler.nestos.rubik.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;

/**
 * Kernel prerequisites per enabled feature, from rubik's docs: {@code docs/feature.md} (memory
 * preemption needs {@code echo 1 > /proc/sys/vm/memcg_qos_enable}; ioCost needs the {@code
 * cgroup1_writeback} boot argument) and {@code docs/design/psi.md} ({@code psi=1 psi_v1=1} on the
 * kernel command line). The operator folds them into NodeState ({@code prerequisites: Manage}) or
 * reports them ({@code Report}).
 */
public final class Prerequisites {
  /** openEuler's switch for {@code memory.qos_level}. */
  public static final String MEMCG_QOS_ENABLE = "vm.memcg_qos_enable";

  /** openEuler's memory QoS interface, which {@link #MEMCG_QOS_ENABLE} switches on. */
  public static final String QOS_LEVEL = "memory.qos_level";

  /** Boot argument for cgroup v1 writeback accounting, needed by blkio iocost. */
  public static final String CGROUP1_WRITEBACK = "cgroup1_writeback";

  private Prerequisites() {}

  /**
   * Everything the enabled features may need, node-independent (what a {@code Manage} policy owns).
   */
  public static List<Prerequisite> required(RubikFeatures features) {
    List<Prerequisite> out = new ArrayList<>();
    List<Feature> on = Features.enabled(features);
    if (on.contains(Feature.MEMORY_PREEMPTION)) {
      out.add(Prerequisite.sysctl(MEMCG_QOS_ENABLE, "1", "memoryPreemption"));
    }
    if (on.contains(Feature.IO_WEIGHT)) {
      out.add(Prerequisite.karg(CGROUP1_WRITEBACK, "ioWeight"));
    }
    if (features != null && Boolean.TRUE.equals(features.psi())) {
      out.add(Prerequisite.karg("psi=1", "psi"));
      out.add(Prerequisite.karg("psi_v1=1", "psi"));
    }
    return out;
  }

  /**
   * What the enabled features need on this node: the sysctl only where {@code memory.qos_level}
   * exists (elsewhere the key does not exist), {@code cgroup1_writeback} and {@code psi_v1=1} only
   * on cgroup v1 nodes.
   */
  public static List<Prerequisite> required(RubikFeatures features, NodeCapabilities caps) {
    return required(features, caps.version(), caps::has);
  }

  /**
   * {@link #required(RubikFeatures, NodeCapabilities)} from what a node reported: its cgroup
   * version and whether a QoS interface ({@code memory.qos_level}) exists there.
   */
  public static List<Prerequisite> required(
      RubikFeatures features, CgroupVersion version, Predicate<String> hasInterface) {
    List<Prerequisite> out = new ArrayList<>();
    for (Prerequisite p : required(features)) {
      boolean applies =
          switch (p.name()) {
            case MEMCG_QOS_ENABLE -> hasInterface.test(QOS_LEVEL);
            case CGROUP1_WRITEBACK, "psi_v1=1" -> version == CgroupVersion.V1;
            default -> true;
          };
      if (applies) {
        out.add(p);
      }
    }
    return out;
  }

  /** The prerequisites not satisfied on the node. */
  public static List<Prerequisite> missing(List<Prerequisite> required, NodeCapabilities caps) {
    return required.stream().filter(p -> !satisfied(p, caps)).toList();
  }

  /**
   * Whether the node satisfies one prerequisite (sysctl compared after trimming, kargs as exact
   * tokens).
   */
  public static boolean satisfied(Prerequisite p, NodeCapabilities caps) {
    if (p.kind() == Prerequisite.Kind.Sysctl) {
      String v = caps.sysctls().get(p.name());
      return v != null && v.trim().equals(p.value());
    }
    return caps.hasKarg(p.name());
  }
}
