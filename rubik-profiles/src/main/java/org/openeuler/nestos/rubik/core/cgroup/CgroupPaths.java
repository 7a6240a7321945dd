package org.openeuler.nestos.rubik.core.cgroup;

import java.util.Optional;
import org.openeuler.nestos.rubik.core.model.CgroupDriver;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.ContainerRuntime;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.QosClass;

/**
 * Kubelet cgroup names, as rubik resolves them ({@code pkg/core/typedef/cgroup/cgroupfs/driver.go},
 * {@code .../systemd/driver.go}, {@code containerinfo.go fromPodCgroupPath}):
 *
 * <ul>
 *   <li>cgroupfs: {@code kubepods[/burstable|/besteffort]/pod<uid>/<id>}, CRI-O containers {@code
 *       crio-<id>};
 *   <li>systemd: {@code kubepods.slice[/kubepods-<qos>.slice]/kubepods[-<qos>]-pod<uid, - as
 *       _>.slice/<prefix>-<id>.scope} with prefix {@code docker}, {@code cri-containerd}, {@code
 *       crio}, {@code isulad};
 *   <li>Guaranteed pods sit directly under {@code kubepods}; static pods use their config hash as
 *       uid.
 * </ul>
 *
 * Absolute paths: v1 {@code <root>/<controller>/<dir>/<file>}, v2 {@code <root>/<dir>/<file>}
 * (unified).
 */
public final class CgroupPaths {
  private static final String KUBEPODS = "kubepods";

  private CgroupPaths() {}

  /**
   * The pod's cgroup directory relative to a controller root, e.g. {@code
   * kubepods/besteffort/pod<uid>}.
   */
  public static String podDir(CgroupDriver driver, QosClass qos, String podCgroupId) {
    String q = qos.cgroupName();
    if (driver == CgroupDriver.CGROUPFS) {
      return q.isEmpty()
          ? KUBEPODS + "/pod" + podCgroupId
          : KUBEPODS + "/" + q + "/pod" + podCgroupId;
    }
    String id = podCgroupId.replace('-', '_');
    if (q.isEmpty()) {
      return KUBEPODS + ".slice/" + KUBEPODS + "-pod" + id + ".slice";
    }
    String parent = KUBEPODS + "-" + q;
    return KUBEPODS + ".slice/" + parent + ".slice/" + parent + "-pod" + id + ".slice";
  }

  /**
   * A container's cgroup directory under its pod's, or empty for an unknown {@code containerID}
   * scheme.
   */
  public static Optional<String> containerDir(
      CgroupDriver driver, String podDir, String containerId) {
    return ContainerRuntime.ofContainerId(containerId)
        .map(
            rt -> {
              String id = ContainerRuntime.bareId(containerId);
              if (driver == CgroupDriver.SYSTEMD) {
                return podDir + "/" + rt.scopePrefix() + "-" + id + ".scope";
              }
              return podDir
                  + "/"
                  + (rt == ContainerRuntime.CRIO ? rt.scopePrefix() + "-" : "")
                  + id;
            });
  }

  /**
   * Absolute host path of {@code file} in cgroup directory {@code dir} (controller taken from the
   * file name).
   */
  public static String file(NodeCapabilities caps, String dir, String file) {
    return file(caps.version(), caps.cgroupRoot(), dir, file);
  }

  /** Absolute host path of {@code file} in {@code dir}: v1 per controller, v2 unified. */
  public static String file(CgroupVersion version, String root, String dir, String file) {
    if (version == CgroupVersion.V1) {
      return root + "/" + NodeCapabilities.controllerOf(file) + "/" + dir + "/" + file;
    }
    return root + "/" + dir + "/" + file;
  }
}
