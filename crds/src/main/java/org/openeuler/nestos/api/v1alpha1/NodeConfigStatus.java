package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Status of a {@link NodeConfig}: aggregates derived each pass from NodeStates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.ConditionList.class, input = "conditions")
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input =
        "{\"properties\":{\"conflicts\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"key\"]}}}")
public record NodeConfigStatus(
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Long observedGeneration,
    @JsonPropertyDescription("Ready, Reconciling, Stalled and Degraded conditions (kstatus).")
        @Size(max = 16)
        List<Condition> conditions,
    @JsonPropertyDescription("Nodes selected by this NodeConfig.") @Min(0) @Max(Integer.MAX_VALUE)
        Integer targetNodes,
    @JsonPropertyDescription("Selected nodes on which everything this NodeConfig won is applied.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer appliedNodes,
    @JsonPropertyDescription("Selected nodes waiting for a reboot to apply kernel arguments.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer pendingRebootNodes,
    @JsonPropertyDescription("Selected nodes that reported a failure applying this NodeConfig.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer failedNodes,
    @JsonPropertyDescription(
            "Number of sysctl keys this NodeConfig is in conflict on (length of conflicts).")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer conflictCount,
    @JsonPropertyDescription(
            "Sysctl keys set by several NodeConfigs on the same nodes (at most 64 listed).")
        @Size(max = 64)
        List<SysctlConflict> conflicts) {}
