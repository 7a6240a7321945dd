package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A key several NodeConfigs set on the same nodes, and who won. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SysctlConflict(
    @JsonPropertyDescription("The conflicting sysctl key.") @Required @Size(max = 253) String key,
    @JsonPropertyDescription(
            "Name of the NodeConfig whose value applies (highest priority, then name).")
        @Size(max = 253)
        String winner,
    @JsonPropertyDescription("Names of the NodeConfigs whose value for key is overridden.")
        @Size(max = 16)
        List<@Size(max = 253) String> losers,
    @JsonPropertyDescription("Nodes on which the conflict occurs.") @Min(0) @Max(Integer.MAX_VALUE)
        Integer nodeCount) {}
