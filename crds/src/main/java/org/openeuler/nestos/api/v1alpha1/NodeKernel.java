package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * What the node's kernel offers that rendering depends on, as the daemon found it: a RubikPolicy in
 * {@code prerequisites: Manage} mode asks each node only for the kernel settings that exist and
 * matter there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeKernel(
    @JsonPropertyDescription("cgroup version of the node: V1 or V2.") CgroupVersion cgroupVersion,
    @JsonPropertyDescription(
            "QoS interfaces of the kernel found at pod level, e.g. memory.qos_level (openEuler).")
        @Size(max = 32)
        List<@Size(max = 64) String> qosInterfaces) {

  /** cgroup versions. */
  public enum CgroupVersion {
    V1,
    V2
  }

  public NodeKernel {
    qosInterfaces = qosInterfaces == null ? null : List.copyOf(qosInterfaces);
  }
}
