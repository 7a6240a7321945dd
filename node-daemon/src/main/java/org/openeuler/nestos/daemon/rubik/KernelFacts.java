package org.openeuler.nestos.daemon.rubik;

import java.util.List;
import org.openeuler.nestos.api.v1alpha1.NodeKernel;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;

/** The part of a node's capabilities the operator renders by ({@code NodeState.status.kernel}). */
public final class KernelFacts {
  /** QoS interfaces reported when present (openEuler's; upstream kernels have none). */
  static final List<String> QOS_INTERFACES =
      List.of("memory.qos_level", "cpu.qos_level", "memory.min_watermark_ratio");

  private KernelFacts() {}

  public static NodeKernel of(NodeCapabilities caps) {
    return new NodeKernel(
        caps.version() == CgroupVersion.V1
            ? NodeKernel.CgroupVersion.V1
            : NodeKernel.CgroupVersion.V2,
        QOS_INTERFACES.stream().filter(caps::has).toList());
  }
}
