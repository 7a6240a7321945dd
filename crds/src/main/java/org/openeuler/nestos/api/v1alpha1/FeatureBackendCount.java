package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** How many nodes run a feature with a given backend. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureBackendCount(
    @JsonPropertyDescription("Feature name, e.g. cpuPreemption.") @Required @Size(max = 64)
        String feature,
    @JsonPropertyDescription(
            "Backend in effect, e.g. cpu.qos_level, cpu.idle, memory.soft_limit_in_bytes, Unsupported.")
        @Required
        @Size(max = 128)
        String backend,
    @JsonPropertyDescription("Nodes using this backend for this feature.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer nodeCount) {}
