package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Observed state of one node, written only by its daemon. No heartbeat: staleness is judged by the
 * operator.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.ConditionList.class, input = "conditions")
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input =
        "{\"properties\":{\"healthChecks\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"]}}}")
public record NodeStateStatus(
    @JsonPropertyDescription("Version of the daemon writing this status.") @Size(max = 64)
        String agentVersion,
    @JsonPropertyDescription(
            "Current boot id (/proc/sys/kernel/random/boot_id); a change means the node rebooted.")
        @Size(max = 64)
        String bootID,
    @JsonPropertyDescription(
            "spec.revision the node fully reached (booted, kernel arguments and live settings applied).")
        @Size(max = 64)
        String currentRevision,
    @JsonPropertyDescription("spec.revision whose image is staged, waiting for its reboot.")
        @Size(max = 64)
        String stagedRevision,
    @JsonPropertyDescription(
            "Last spec.revision that failed on this node (not retried until the revision changes).")
        @Size(max = 64)
        String lastFailedRevision,
    @JsonPropertyDescription(
            "The spec.disruption.ticket the daemon claimed; the operator never revokes it.")
        @Size(max = 128)
        String acceptedTicket,
    @JsonPropertyDescription("ostree deployments on the host.") Deployments deployments,
    @JsonPropertyDescription(
            "Project-owned kernel argument tokens found in /proc/cmdline (before any '--').")
        @Size(max = 256)
        List<@Size(max = 256) String> appliedKernelArguments,
    @JsonPropertyDescription("Outcome of applying spec.sysctls.") SysctlSummary sysctls,
    @JsonPropertyDescription("Outcome of applying spec.rubikProfile.") RubikSummary rubik,
    @JsonPropertyDescription("Latest result of each health check of spec.healthGate.")
        @Size(max = 16)
        List<HealthCheckResult> healthChecks,
    @JsonPropertyDescription("Staged, RebootPending, Updated, Degraded and Drifted conditions.")
        @Size(max = 16)
        List<Condition> conditions,
    @JsonPropertyDescription(
            "What the node's kernel offers that rendering depends on (cgroup version, QoS"
                + " interfaces), as the daemon found it at start.")
        NodeKernel kernel) {

  /** A status without kernel facts. */
  public NodeStateStatus(
      String agentVersion,
      String bootID,
      String currentRevision,
      String stagedRevision,
      String lastFailedRevision,
      String acceptedTicket,
      Deployments deployments,
      List<String> appliedKernelArguments,
      SysctlSummary sysctls,
      RubikSummary rubik,
      List<HealthCheckResult> healthChecks,
      List<Condition> conditions) {
    this(
        agentVersion,
        bootID,
        currentRevision,
        stagedRevision,
        lastFailedRevision,
        acceptedTicket,
        deployments,
        appliedKernelArguments,
        sysctls,
        rubik,
        healthChecks,
        conditions,
        null);
  }
}
