package org.openeuler.nestos.rubik.core.plan;

import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;

/**
 * Picks one backend per feature from what the node offers, rubik's openEuler interface first, then
 * upstream ones. A backend whose prerequisite is missing is skipped (reported as a fallback, and
 * the prerequisite as missing).
 */
public final class BackendSelector {
  private BackendSelector() {}

  /** The backend for {@code feature} on a node. */
  public static BackendChoice choose(Feature feature, NodeCapabilities caps) {
    boolean v1 = caps.version() == CgroupVersion.V1;
    return switch (feature) {
      case CPU_PREEMPTION -> {
        if (caps.has("cpu.qos_level")) {
          yield best(feature, Backend.CPU_QOS_LEVEL);
        }
        String why = "no cpu.qos_level (openEuler kernel)";
        if (caps.has("cpu.idle")) {
          yield fallback(feature, Backend.CPU_IDLE, why);
        }
        why += ", no cpu.idle";
        if (v1 && caps.has("cpu.shares")) {
          yield fallback(feature, Backend.CPU_SHARES, why);
        }
        if (!v1 && caps.has("cpu.weight")) {
          yield fallback(feature, Backend.CPU_WEIGHT, why);
        }
        yield fallback(
            feature, Backend.UNSUPPORTED, why + ", no " + (v1 ? "cpu.shares" : "cpu.weight"));
      }
      case MEMORY_PREEMPTION -> {
        String why;
        if (caps.has("memory.qos_level")) {
          if ("1".equals(caps.sysctls().getOrDefault(Prerequisites.MEMCG_QOS_ENABLE, "").trim())) {
            yield best(feature, Backend.MEMORY_QOS_LEVEL);
          }
          why = "memory.qos_level needs sysctl " + Prerequisites.MEMCG_QOS_ENABLE + "=1";
        } else {
          why = "no memory.qos_level (openEuler kernel)";
        }
        if (!v1 && caps.has("memory.high") && caps.has("memory.low")) {
          yield fallback(feature, Backend.MEMORY_HIGH_LOW, why);
        }
        if (v1 && caps.has("memory.soft_limit_in_bytes")) {
          yield fallback(feature, Backend.MEMORY_SOFT_LIMIT, why);
        }
        yield fallback(
            feature,
            Backend.UNSUPPORTED,
            why + ", no " + (v1 ? "memory.soft_limit_in_bytes" : "memory.high/memory.low"));
      }
      case QUOTA_BURST -> {
        if (v1 && caps.has("cpu.cfs_burst_us")) {
          yield best(feature, Backend.CFS_BURST_US);
        }
        if (!v1 && caps.has("cpu.max.burst")) {
          yield best(feature, Backend.CPU_MAX_BURST);
        }
        yield fallback(
            feature, Backend.UNSUPPORTED, "no " + (v1 ? "cpu.cfs_burst_us" : "cpu.max.burst"));
      }
      case IO_WEIGHT -> {
        String why;
        if (v1 && caps.has("blkio.cost.weight")) {
          if (caps.hasKarg(Prerequisites.CGROUP1_WRITEBACK) && caps.ioCostModelConfigured()) {
            yield best(feature, Backend.BLKIO_COST_WEIGHT);
          }
          why =
              "blkio.cost.weight needs karg "
                  + Prerequisites.CGROUP1_WRITEBACK
                  + " and a root cost model";
        } else {
          why = v1 ? "no blkio.cost.weight" : "";
        }
        if (!v1 && caps.has("io.weight")) {
          yield why.isEmpty()
              ? best(feature, Backend.IO_WEIGHT)
              : fallback(feature, Backend.IO_WEIGHT, why);
        }
        if (v1 && (caps.has("blkio.bfq.weight") || caps.has("blkio.weight"))) {
          yield fallback(feature, Backend.BLKIO_WEIGHT, why);
        }
        yield fallback(
            feature,
            Backend.UNSUPPORTED,
            (why.isEmpty() ? "" : why + ", ")
                + "no "
                + (v1 ? "blkio.bfq.weight/blkio.weight" : "io.weight"));
      }
      case DYN_MEMORY ->
          caps.has("memory.high")
              ? best(feature, Backend.MEMORY_HIGH_FSSR)
              : fallback(
                  feature,
                  Backend.UNSUPPORTED,
                  "no memory.high (cgroup v2, or an openEuler kernel on cgroup v1)");
    };
  }

  private static BackendChoice best(Feature f, Backend b) {
    return new BackendChoice(f, b, false, Features.label(b));
  }

  private static BackendChoice fallback(Feature f, Backend b, String why) {
    return new BackendChoice(
        f, b, true, why + (b == Backend.UNSUPPORTED ? "" : "; using " + Features.label(b)));
  }
}
