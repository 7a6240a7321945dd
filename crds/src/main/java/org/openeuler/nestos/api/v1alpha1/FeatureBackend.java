package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The backend a feature uses on a node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureBackend(
    @JsonPropertyDescription("Feature name, e.g. cpuPreemption.") @Required @Size(max = 64)
        String feature,
    @JsonPropertyDescription(
            "Backend, e.g. cpu.qos_level, cpu.idle, memory.soft_limit_in_bytes or Unsupported.")
        @Required
        @Size(max = 128)
        String backend) {}
