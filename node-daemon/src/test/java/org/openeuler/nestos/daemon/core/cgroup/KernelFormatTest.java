package org.openeuler.nestos.daemon.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelFormatTest {

  @ParameterizedTest(name = "{0}: wrote ''{1}'', kernel prints ''{2}'' -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cpu.shares|512|512\\n|true",
        "cpu.shares|1|2|true",
        "cpu.shares|999999|262144|true",
        "cpu.shares|512|1024|false",
        "cpu.cfs_quota_us|-5|-1|true",
        "cpu.cfs_quota_us|50000|50000|true",
        "cpu.idle|1|1\\n|true",
        "cpu.idle|1|0|false",
        "cpu.weight|1|1|true",
        "cpu.weight|37|37|true",
        "cpu.max|max|max 100000|true",
        "cpu.max|50000 100000|50000 100000|true",
        "memory.high|max|max|true",
        "memory.high|1000000|999424|true",
        "memory.high|1M|1048576|true",
        "memory.soft_limit_in_bytes|-1|9223372036854771712|true",
        "io.weight|10|default 10\\n8:0 200|true",
        "io.weight|default 10|default 10|true",
        "io.weight|10|default 100|false",
        "cpu.qos_level|-1|-1|true",
        "cpu.qos_level|-1|0|false",
      })
  void comparesAsTheKernelPrints(String name, String planned, String actual, boolean expected) {
    assertThat(
            KernelFormat.matches(
                "/sys/fs/cgroup/cpu/kubepods/pod1/" + name, planned, actual.replace("\\n", "\n")))
        .isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void cpuIdleClobbersShares() {
    assertThat(KernelFormat.companions("/sys/fs/cgroup/cpu/kubepods/pod1/cpu.idle"))
        .containsExactly(
            "/sys/fs/cgroup/cpu/kubepods/pod1/cpu.shares",
            "/sys/fs/cgroup/cpu/kubepods/pod1/cpu.weight");
    assertThat(KernelFormat.companions("/sys/fs/cgroup/cpu/kubepods/pod1/cpu.cfs_burst_us"))
        .isEmpty();
  }
}
