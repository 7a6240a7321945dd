package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * A block device's linear cost model for rubik's iocost (the kernel's {@code io.cost.model}
 * parameters): throughput and IOPS it sustains, each at least 1.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IoCostLinearModel(
    @JsonPropertyDescription("Sequential read bytes per second.") @Required @Min(1) Long rbps,
    @JsonPropertyDescription("Sequential read IOs per second.") @Required @Min(1) Long rseqiops,
    @JsonPropertyDescription("Random read IOs per second.") @Required @Min(1) Long rrandiops,
    @JsonPropertyDescription("Sequential write bytes per second.") @Required @Min(1) Long wbps,
    @JsonPropertyDescription("Sequential write IOs per second.") @Required @Min(1) Long wseqiops,
    @JsonPropertyDescription("Random write IOs per second.") @Required @Min(1) Long wrandiops) {}
