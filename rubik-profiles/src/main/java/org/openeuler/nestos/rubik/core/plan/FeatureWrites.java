package org.openeuler.nestos.rubik.core.plan;

import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.rubik.core.cgroup.CgroupPaths;
import org.openeuler.nestos.rubik.core.model.ContainerSnapshot;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;

/**
 * The writes of one feature for one (non-Guaranteed) pod. Values:
 *
 * <ul>
 *   <li>CPU (offline only; pod, then each container, as rubik's {@code preemption.go SetQoSLevel}):
 *       {@code cpu.qos_level=-1}, else {@code cpu.idle=1}, else the minimum {@code cpu.shares=2} /
 *       {@code cpu.weight=1}.
 *   <li>Memory (offline only, pod then containers): {@code memory.qos_level=-1}; v2 {@code
 *       memory.low=0} (never protected from reclaim) and, where a memory limit is known, {@code
 *       memory.high} = 80% of it rounded down to 4 KiB (reclaim and throttle offline pods before
 *       they reach their limit, the kubelet MemoryQoS idea); v1 {@code
 *       memory.soft_limit_in_bytes=0} (all usage is over the soft limit, so global reclaim hits it
 *       first).
 *   <li>Burst (any pod with {@code volcano.sh/quota-burst-time}): that value (µs) per container,
 *       then the pod's sum, as rubik's {@code quotaburst.go}; {@code cpu.cfs_burst_us} (v1) or
 *       {@code cpu.max.burst} (v2).
 *   <li>Dynamic memory (offline only, pod cgroup): {@code memory.high} = the node's current {@link
 *       Fssr} limit; where memory preemption also writes the pod's {@code memory.high}, the lower
 *       value is written.
 *   <li>IO (pod cgroup only, as rubik's {@code iocost.go configPodIOCostWeight}): weight 10
 *       offline, 1000 online; v2 {@code io.weight} is written as {@code default <w>}, the form the
 *       kernel prints back.
 * </ul>
 */
final class FeatureWrites {
  /** rubik's {@code constant.QuotaBurstAnnotationKey}. */
  static final String QUOTA_BURST_TIME = "volcano.sh/quota-burst-time";

  static final long PAGE = 4096L;

  /** A container with its resolved cgroup directory. */
  record Ctr(ContainerSnapshot snapshot, String dir) {}

  private FeatureWrites() {}

  static List<CgroupWrite> of(
      BackendChoice choice,
      NodeCapabilities caps,
      PodSnapshot pod,
      boolean offline,
      String podDir,
      List<Ctr> ctrs,
      Long offlineMemoryHigh,
      List<FieldError> errors) {
    List<CgroupWrite> out = new ArrayList<>();
    Writer w = new Writer(pod.cgroupId(), choice, caps, out);
    switch (choice.backend()) {
      case CPU_QOS_LEVEL -> w.podAndContainers(offline, podDir, ctrs, "cpu.qos_level", "-1");
      case CPU_IDLE -> w.podAndContainers(offline, podDir, ctrs, "cpu.idle", "1");
      case CPU_SHARES -> w.podAndContainers(offline, podDir, ctrs, "cpu.shares", "2");
      case CPU_WEIGHT -> w.podAndContainers(offline, podDir, ctrs, "cpu.weight", "1");
      case MEMORY_QOS_LEVEL -> w.podAndContainers(offline, podDir, ctrs, "memory.qos_level", "-1");
      case MEMORY_SOFT_LIMIT ->
          w.podAndContainers(offline, podDir, ctrs, "memory.soft_limit_in_bytes", "0");
      case MEMORY_HIGH_LOW -> {
        if (offline) {
          memoryHighLow(w, podDir, ctrs);
        }
      }
      case CFS_BURST_US -> burst(w, pod, ctrs, podDir, "cpu.cfs_burst_us", errors);
      case CPU_MAX_BURST -> burst(w, pod, ctrs, podDir, "cpu.max.burst", errors);
      case BLKIO_COST_WEIGHT -> w.add(podDir, "blkio.cost.weight", offline ? "10" : "1000");
      case BLKIO_WEIGHT ->
          w.add(
              podDir,
              caps.has("blkio.bfq.weight") ? "blkio.bfq.weight" : "blkio.weight",
              offline ? "10" : "1000");
      case IO_WEIGHT -> w.add(podDir, "io.weight", offline ? "default 10" : "default 1000");
      case MEMORY_HIGH_FSSR -> {
        if (offline && offlineMemoryHigh != null) {
          w.add(podDir, "memory.high", Long.toString(offlineMemoryHigh));
        }
      }
      case UNSUPPORTED -> {}
      default ->
          throw new IllegalStateException(
              "backend " + choice.backend() + " for " + choice.feature());
    }
    return out;
  }

  private static void memoryHighLow(Writer w, String podDir, List<Ctr> ctrs) {
    long podLimit = 0;
    boolean allLimited = !ctrs.isEmpty();
    w.add(podDir, "memory.low", "0");
    List<String[]> ctrWrites = new ArrayList<>();
    for (Ctr c : ctrs) {
      Long limit = c.snapshot().memoryLimitBytes();
      ctrWrites.add(new String[] {c.dir(), "memory.low", "0"});
      if (limit == null || limit <= 0) {
        allLimited = false;
      } else {
        podLimit += limit;
        ctrWrites.add(new String[] {c.dir(), "memory.high", Long.toString(high(limit))});
      }
    }
    if (allLimited) {
      w.add(podDir, "memory.high", Long.toString(high(podLimit)));
    }
    ctrWrites.forEach(a -> w.add(a[0], a[1], a[2]));
  }

  static long high(long limit) {
    return Math.max(PAGE, limit / 10 * 8 / PAGE * PAGE);
  }

  private static void burst(
      Writer w,
      PodSnapshot pod,
      List<Ctr> ctrs,
      String podDir,
      String file,
      List<FieldError> errors) {
    String raw = pod.annotations().get(QUOTA_BURST_TIME);
    if (raw == null || raw.isEmpty()) {
      return;
    }
    String field = "pods[" + pod.key() + "].annotations[" + QUOTA_BURST_TIME + "]";
    long burst;
    try {
      burst = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      errors.add(new FieldError(field, "'" + raw + "' is not an integer number of microseconds"));
      return;
    }
    if (burst < 0) {
      errors.add(new FieldError(field, "burst " + burst + " must be >= 0 µs"));
      return;
    }
    long sum = 0;
    for (Ctr c : ctrs) {
      Long quota = c.snapshot().cpuQuotaMicros();
      if (quota == null || quota < 0) {
        errors.add(
            new FieldError(
                field,
                "container '"
                    + c.snapshot().name()
                    + "' has no CPU limit (no CFS quota); burst needs a quota and must be <= it"));
      } else if (burst > quota) {
        errors.add(
            new FieldError(
                field,
                "burst "
                    + burst
                    + " µs exceeds container '"
                    + c.snapshot().name()
                    + "' quota "
                    + quota
                    + " µs; burst must be <= quota"));
      } else {
        w.add(c.dir(), file, Long.toString(burst));
        sum += burst;
      }
    }
    if (!ctrs.isEmpty()) {
      w.add(podDir, file, Long.toString(sum));
    }
  }

  /** Collects writes for one pod and backend. */
  private record Writer(
      String podUid, BackendChoice choice, NodeCapabilities caps, List<CgroupWrite> out) {
    void add(String dir, String file, String value) {
      out.add(
          new CgroupWrite(
              podUid,
              choice.feature(),
              choice.backend(),
              CgroupPaths.file(caps, dir, file),
              value));
    }

    void podAndContainers(
        boolean offline, String podDir, List<Ctr> ctrs, String file, String value) {
      if (!offline) {
        return;
      }
      add(podDir, file, value);
      ctrs.forEach(c -> add(c.dir(), file, value));
    }
  }
}
