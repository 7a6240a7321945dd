package org.openeuler.nestos.rubik.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.rubik.core.model.CgroupDriver;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.QosClass;

/**
 * Real layouts, as documented in rubik's {@code cgroupfs/driver.go} and {@code systemd/driver.go}
 * comments and {@code containerinfo.go fromPodCgroupPath} (CRI-O's {@code crio-} prefix also under
 * cgroupfs).
 */
class CgroupPathsTest {
  static final String UID = "b895995a-e7e5-413e-9bc1-3c3895b3f233";

  @ParameterizedTest
  @CsvSource({
    "CGROUPFS, Guaranteed, kubepods/podb895995a-e7e5-413e-9bc1-3c3895b3f233",
    "CGROUPFS, Burstable,  kubepods/burstable/podb895995a-e7e5-413e-9bc1-3c3895b3f233",
    "CGROUPFS, BestEffort, kubepods/besteffort/podb895995a-e7e5-413e-9bc1-3c3895b3f233",
    "SYSTEMD,  Guaranteed, kubepods.slice/kubepods-podb895995a_e7e5_413e_9bc1_3c3895b3f233.slice",
    "SYSTEMD,  Burstable,  kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podb895995a_e7e5_413e_9bc1_3c3895b3f233.slice",
    "SYSTEMD,  BestEffort, kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podb895995a_e7e5_413e_9bc1_3c3895b3f233.slice",
  })
  void podDirs(CgroupDriver driver, QosClass qos, String expected) {
    assertThat(CgroupPaths.podDir(driver, qos, UID)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "CGROUPFS, docker://88a7,     P/88a7",
    "CGROUPFS, containerd://88a7, P/88a7",
    "CGROUPFS, cri-o://88a7,      P/crio-88a7",
    "CGROUPFS, iSulad://88a7,     P/88a7",
    "CGROUPFS, isulad://88a7,     P/88a7",
    "SYSTEMD,  docker://88a7,     P/docker-88a7.scope",
    "SYSTEMD,  containerd://88a7, P/cri-containerd-88a7.scope",
    "SYSTEMD,  cri-o://88a7,      P/crio-88a7.scope",
    "SYSTEMD,  iSulad://88a7,     P/isulad-88a7.scope",
  })
  void containerDirs(CgroupDriver driver, String id, String expected) {
    assertThat(CgroupPaths.containerDir(driver, "P", id)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"rkt://x", "88a7", "''"})
  void unknownRuntimesResolveToNothing(String id) {
    assertThat(CgroupPaths.containerDir(CgroupDriver.CGROUPFS, "P", id)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "V1, CGROUPFS, BestEffort, cpu.idle, /sys/fs/cgroup/cpu/kubepods/besteffort/pod"
        + UID
        + "/c1/cpu.idle",
    "V1, CGROUPFS, Burstable, memory.soft_limit_in_bytes, /sys/fs/cgroup/memory/kubepods/burstable/pod"
        + UID
        + "/c1/memory.soft_limit_in_bytes",
    "V1, SYSTEMD, BestEffort, blkio.cost.weight, /sys/fs/cgroup/blkio/kubepods.slice/kubepods-besteffort.slice/"
        + "kubepods-besteffort-podb895995a_e7e5_413e_9bc1_3c3895b3f233.slice/docker-c1.scope/blkio.cost.weight",
    "V2, SYSTEMD, Burstable, cpu.weight, /sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/"
        + "kubepods-burstable-podb895995a_e7e5_413e_9bc1_3c3895b3f233.slice/docker-c1.scope/cpu.weight",
    "V2, CGROUPFS, BestEffort, io.weight, /sys/fs/cgroup/kubepods/besteffort/pod"
        + UID
        + "/c1/io.weight",
  })
  void absoluteFiles(CgroupVersion v, CgroupDriver d, QosClass q, String file, String expected) {
    String ctr =
        CgroupPaths.containerDir(d, CgroupPaths.podDir(d, q, UID), "docker://c1").orElseThrow();
    assertThat(CgroupPaths.file(v, "/sys/fs/cgroup", ctr, file)).isEqualTo(expected);
  }
}
