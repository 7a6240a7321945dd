package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A node that failed an update, as listed in {@link OSVersionStatus#failures()}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeFailure(
    @JsonPropertyDescription("Node name.") @Required @Size(max = 253) String name,
    @JsonPropertyDescription(
            "CamelCase reason, e.g. HealthCheckFailed, RolledBack, RollbackUnavailable, NodeFailed.")
        @Required
        @Size(max = 1024)
        String reason,
    @JsonPropertyDescription("Human readable detail.") @Size(max = 1024) String message,
    @JsonPropertyDescription("NodeState revision that failed on the node.") @Size(max = 64)
        String revision) {}
