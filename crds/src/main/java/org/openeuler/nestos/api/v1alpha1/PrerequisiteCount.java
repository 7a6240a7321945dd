package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A kernel prerequisite missing on some nodes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrerequisiteCount(
    @JsonPropertyDescription(
            "The prerequisite, e.g. sysctl kernel.sched_prio_load_balance_enabled=1 or karg psi=1.")
        @Required
        @Size(max = 512)
        String name,
    @JsonPropertyDescription("Nodes missing it.") @Min(0) @Max(Integer.MAX_VALUE)
        Integer nodeCount) {}
