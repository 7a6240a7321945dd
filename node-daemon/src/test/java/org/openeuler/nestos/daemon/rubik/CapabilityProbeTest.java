package org.openeuler.nestos.daemon.rubik;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.rubik.core.model.CgroupDriver;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;

/**
 * The probe over host trees laid out in a temp dir (openEuler v1 + systemd, upstream v2 +
 * cgroupfs).
 */
class CapabilityProbeTest {

  @TempDir Path root;

  void file(String path, String content) throws Exception {
    Path p = root.resolve(path.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void openEulerCgroupV1WithSystemdDriverAndRubikRunning() throws Exception {
    file("/sys/fs/cgroup/cpu/kubepods.slice/cpu.qos_level", "0\n");
    file("/sys/fs/cgroup/cpu/kubepods.slice/cpu.shares", "1024\n");
    file("/sys/fs/cgroup/memory/kubepods.slice/memory.qos_level", "0\n");
    file("/sys/fs/cgroup/blkio/kubepods.slice/blkio.cost.weight", "default 100\n");
    file("/sys/fs/cgroup/blkio/blkio.cost.model", "8:0 ctrl=user model=linear\n");
    file("/proc/sys/vm/memcg_qos_enable", "1\n");
    file(
        "/proc/cmdline",
        "BOOT_IMAGE=/vmlinuz root=/dev/vda cgroup1_writeback psi=1 -- --init-arg\n");
    file("/proc/1/comm", "systemd\n");
    file("/proc/4242/comm", "rubik\n");

    NodeCapabilities caps = new CapabilityProbe(new RootedHostFs(root)).probe();

    assertThat(caps.version()).isEqualTo(CgroupVersion.V1);
    assertThat(caps.driver()).isEqualTo(CgroupDriver.SYSTEMD);
    assertThat(caps.has("cpu.qos_level")).isTrue();
    assertThat(caps.has("memory.qos_level")).isTrue();
    assertThat(caps.has("blkio.cost.weight")).isTrue();
    assertThat(caps.sysctls()).containsEntry("vm.memcg_qos_enable", "1");
    assertThat(caps.kernelArguments())
        .contains("cgroup1_writeback", "psi=1")
        .doesNotContain("--init-arg");
    assertThat(caps.ioCostModelConfigured()).isTrue();
    assertThat(caps.rubikAgentRunning()).isTrue();
  }

  @Test
  void upstreamCgroupV2WithCgroupfsDriverFromTheKubeletConfig() throws Exception {
    file("/sys/fs/cgroup/cgroup.controllers", "cpu io memory pids\n");
    file("/sys/fs/cgroup/kubepods/cpu.weight", "100\n");
    file("/sys/fs/cgroup/kubepods/cpu.idle", "0\n");
    file("/sys/fs/cgroup/kubepods/cpu.max.burst", "0\n");
    file("/sys/fs/cgroup/kubepods/memory.high", "max\n");
    file("/sys/fs/cgroup/kubepods/io.weight", "default 100\n");
    file("/sys/fs/cgroup/kubepods/cgroup.procs", "");
    file("/var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\ncgroupDriver: cgroupfs\n");
    file("/proc/cmdline", "root=/dev/sda\n");

    NodeCapabilities caps = new CapabilityProbe(new RootedHostFs(root)).probe();

    assertThat(caps.version()).isEqualTo(CgroupVersion.V2);
    assertThat(caps.driver()).isEqualTo(CgroupDriver.CGROUPFS);
    assertThat(caps.files().get("cpu"))
        .containsExactlyInAnyOrder("cpu.weight", "cpu.idle", "cpu.max.burst");
    assertThat(caps.has("memory.high")).isTrue();
    assertThat(caps.has("io.weight")).isTrue();
    assertThat(caps.files()).doesNotContainKey("cgroup");
    assertThat(caps.rubikAgentRunning()).isFalse();
  }
}
