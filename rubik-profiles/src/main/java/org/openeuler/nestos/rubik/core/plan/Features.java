package org.openeuler.nestos.rubik.core.plan;

import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;

/** Feature names and defaults shared by the planner, the prerequisites and the summary. */
public final class Features {
  private Features() {}

  /** The RubikFeatures field name of a feature ({@code cpuPreemption}, ...). */
  public static String apiName(Feature f) {
    return switch (f) {
      case CPU_PREEMPTION -> "cpuPreemption";
      case MEMORY_PREEMPTION -> "memoryPreemption";
      case QUOTA_BURST -> "quotaBurst";
      case IO_WEIGHT -> "ioWeight";
      case DYN_MEMORY -> "dynMemory";
    };
  }

  /** Status label of a backend: the cgroup file it writes, or {@code Unsupported}. */
  public static String label(Backend b) {
    return switch (b) {
      case CPU_QOS_LEVEL -> "cpu.qos_level";
      case CPU_IDLE -> "cpu.idle";
      case CPU_SHARES -> "cpu.shares";
      case CPU_WEIGHT -> "cpu.weight";
      case MEMORY_QOS_LEVEL -> "memory.qos_level";
      case MEMORY_HIGH_LOW -> "memory.high/memory.low";
      case MEMORY_SOFT_LIMIT -> "memory.soft_limit_in_bytes";
      case CFS_BURST_US -> "cpu.cfs_burst_us";
      case CPU_MAX_BURST -> "cpu.max.burst";
      case BLKIO_COST_WEIGHT -> "blkio.cost.weight";
      case IO_WEIGHT -> "io.weight";
      case BLKIO_WEIGHT -> "blkio.weight";
      case MEMORY_HIGH_FSSR -> "memory.high (fssr)";
      case UNSUPPORTED -> "Unsupported";
    };
  }

  /**
   * The natively planned features enabled by {@code f} (defaults as in the CRD: only cpuPreemption
   * on).
   */
  public static List<Feature> enabled(RubikFeatures f) {
    List<Feature> out = new ArrayList<>();
    if (f == null || f.cpuPreemption() == null || f.cpuPreemption()) {
      out.add(Feature.CPU_PREEMPTION);
    }
    if (f != null && Boolean.TRUE.equals(f.memoryPreemption())) {
      out.add(Feature.MEMORY_PREEMPTION);
    }
    if (f != null && Boolean.TRUE.equals(f.quotaBurst())) {
      out.add(Feature.QUOTA_BURST);
    }
    if (f != null && Boolean.TRUE.equals(f.ioWeight())) {
      out.add(Feature.IO_WEIGHT);
    }
    if (f != null && Boolean.TRUE.equals(f.dynMemory())) {
      out.add(Feature.DYN_MEMORY);
    }
    return out;
  }
}
