package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Status of an {@link OSVersion}: derived each pass from NodeStates, never incremented. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.ConditionList.class, input = "conditions")
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input =
        "{\"properties\":{\"failures\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"]}}}")
public record OSVersionStatus(
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Long observedGeneration,
    @JsonPropertyDescription("Ready, Reconciling, Stalled and Degraded conditions (kstatus).")
        @Size(max = 16)
        List<Condition> conditions,
    @JsonPropertyDescription("Nodes selected by this OSVersion (and by no other).")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer targetNodes,
    @JsonPropertyDescription(
            "Targeted nodes booted into osImage with the rendered kernel arguments and healthy.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer updatedNodes,
    @JsonPropertyDescription(
            "Targeted nodes with osImage staged (finalization locked), waiting for their reboot.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer stagedNodes,
    @JsonPropertyDescription("Targeted nodes being drained, rebooted or verified.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer updatingNodes,
    @JsonPropertyDescription(
            "Targeted nodes unavailable for any reason (ours or not); counted against maxUnavailable.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer unavailableNodes,
    @JsonPropertyDescription(
            "Targeted nodes that failed the current osImage (counted against maxFailures).")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer failedNodes,
    @JsonPropertyDescription(
            "Version of osImage (its org.opencontainers.image.version label or the commit's version).")
        @Size(max = 256)
        String version,
    @JsonPropertyDescription(
            "Failed nodes with their reason (at most 20 listed; failedNodes has the full count).")
        @Size(max = 20)
        List<NodeFailure> failures,
    @JsonPropertyDescription(
            "The last nestos.openeuler.org/retry annotation token the operator acted on.")
        @Size(max = 253)
        String lastHandledRetry,
    @JsonPropertyDescription(
            "When lastHandledRetry was acknowledged (RFC 3339); failures before it no longer count"
                + " against maxFailures.")
        @Size(max = 64)
        String lastHandledRetryTime) {}
