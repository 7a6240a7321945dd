package org.openeuler.nestos.daemon.rubik;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;

/**
 * The probe on this machine's real kernel (docs/design.md §6: cgroup v1, cpu.idle and cfs_burst, no
 * qos_level).
 */
class CapabilityProbeIT {

  @Test
  void readsThisMachinesKernel() throws Exception {
    NodeCapabilities caps = new CapabilityProbe(new RootedHostFs(Path.of("/"))).probe();
    System.out.println("[capabilities] " + caps);

    boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
    assertThat(caps.version()).isEqualTo(v2 ? CgroupVersion.V2 : CgroupVersion.V1);
    if (!v2) {
      assertThat(caps.has("cpu.shares"))
          .isEqualTo(Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.shares")));
      assertThat(caps.has("cpu.idle"))
          .isEqualTo(Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.idle")));
      assertThat(caps.has("cpu.qos_level"))
          .isEqualTo(Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.qos_level")));
    }
    var kernel = KernelFacts.of(caps);
    assertThat(kernel.cgroupVersion().name()).isEqualTo(caps.version().name());
    boolean qosLevel =
        v2
            ? Files.exists(Path.of("/sys/fs/cgroup/kubepods.slice/memory.qos_level"))
                || Files.exists(Path.of("/sys/fs/cgroup/kubepods/memory.qos_level"))
                || Files.exists(Path.of("/sys/fs/cgroup/memory.qos_level"))
            : caps.has("memory.qos_level");
    assertThat(kernel.qosInterfaces().contains("memory.qos_level")).isEqualTo(qosLevel);
    String cmdline = Files.readString(Path.of("/proc/cmdline"));
    if (cmdline.contains(" -- ")) {
      String afterSeparator =
          cmdline.substring(cmdline.indexOf(" -- ") + 4).strip().split("\\s+")[0];
      assertThat(caps.kernelArguments()).doesNotContain(afterSeparator);
    }
  }
}
