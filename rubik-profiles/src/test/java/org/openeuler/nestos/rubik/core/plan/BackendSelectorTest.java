package org.openeuler.nestos.rubik.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.rubik.core.model.CgroupDriver;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;

/**
 * Fallback chains per feature (issue 4 / docs/design.md §5). Files are space-separated; flags:
 * sysctl, karg, model.
 */
class BackendSelectorTest {

  @ParameterizedTest(name = "{0} {1} [{2}] {3} -> {4}")
  @CsvSource({
    "CPU_PREEMPTION, V1, cpu.qos_level cpu.idle cpu.shares, '', CPU_QOS_LEVEL, false",
    "CPU_PREEMPTION, V1, cpu.idle cpu.shares, '', CPU_IDLE, true",
    "CPU_PREEMPTION, V2, cpu.idle cpu.weight, '', CPU_IDLE, true",
    "CPU_PREEMPTION, V1, cpu.shares, '', CPU_SHARES, true",
    "CPU_PREEMPTION, V2, cpu.weight, '', CPU_WEIGHT, true",
    "CPU_PREEMPTION, V2, cpu.shares, '', UNSUPPORTED, true",
    "MEMORY_PREEMPTION, V1, memory.qos_level memory.soft_limit_in_bytes, sysctl, MEMORY_QOS_LEVEL, false",
    "MEMORY_PREEMPTION, V1, memory.qos_level memory.soft_limit_in_bytes, '', MEMORY_SOFT_LIMIT, true",
    "MEMORY_PREEMPTION, V2, memory.high memory.low, '', MEMORY_HIGH_LOW, true",
    "MEMORY_PREEMPTION, V1, memory.high memory.low, '', UNSUPPORTED, true",
    "MEMORY_PREEMPTION, V1, '', '', UNSUPPORTED, true",
    "QUOTA_BURST, V1, cpu.cfs_burst_us, '', CFS_BURST_US, false",
    "QUOTA_BURST, V2, cpu.max.burst, '', CPU_MAX_BURST, false",
    "QUOTA_BURST, V2, cpu.cfs_burst_us, '', UNSUPPORTED, true",
    "IO_WEIGHT, V1, blkio.cost.weight, karg model, BLKIO_COST_WEIGHT, false",
    "IO_WEIGHT, V1, blkio.cost.weight blkio.bfq.weight, model, BLKIO_WEIGHT, true",
    "IO_WEIGHT, V1, blkio.cost.weight, karg, UNSUPPORTED, true",
    "IO_WEIGHT, V1, blkio.weight, '', BLKIO_WEIGHT, true",
    "IO_WEIGHT, V2, io.weight, '', IO_WEIGHT, false",
    "IO_WEIGHT, V1, blkio.throttle.read_bps_device, '', UNSUPPORTED, true",
  })
  void chooses(
      Feature feature,
      CgroupVersion v,
      String files,
      String flags,
      Backend expected,
      boolean fallback) {
    Map<String, Set<String>> byCtl = new HashMap<>();
    for (String f : files.split(" ")) {
      if (!f.isEmpty()) {
        byCtl.computeIfAbsent(NodeCapabilities.controllerOf(f), k -> new HashSet<>()).add(f);
      }
    }
    Set<String> fl = new HashSet<>(Arrays.asList(flags.split(" ")));
    NodeCapabilities caps =
        new NodeCapabilities(
            v,
            CgroupDriver.CGROUPFS,
            null,
            byCtl,
            fl.contains("sysctl")
                ? Map.of("vm.memcg_qos_enable", "1")
                : Map.of("vm.memcg_qos_enable", "0"),
            fl.contains("karg") ? Set.of("cgroup1_writeback") : Set.of(),
            fl.contains("model"),
            false);
    BackendChoice c = BackendSelector.choose(feature, caps);
    assertThat(c.backend()).isEqualTo(expected);
    assertThat(c.fallback()).as(c.detail()).isEqualTo(fallback);
    assertThat(c.toApi().feature()).isEqualTo(Features.apiName(feature));
  }
}
