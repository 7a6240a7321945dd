package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * A block device's linear cost model for rubik's iocost (the kernel's {@code io.cost.model}
 * parameters): throughput and IOPS it sustains, each at least 1.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IoCostLinearModel(
    @JsonPropertyDescription("Sequential read throughput, MiB per second (rubik's rbps / 2^20).")
        @Required
        @Min(1)
        @Max(2147483647)
        Integer readMiBps,
    @JsonPropertyDescription("Sequential read IOs per second (rseqiops).")
        @Required
        @Min(1)
        @Max(2147483647)
        Integer readSeqIops,
    @JsonPropertyDescription("Random read IOs per second (rrandiops).")
        @Required
        @Min(1)
        @Max(2147483647)
        Integer readRandIops,
    @JsonPropertyDescription("Sequential write throughput, MiB per second (rubik's wbps / 2^20).")
        @Required
        @Min(1)
        @Max(2147483647)
        Integer writeMiBps,
    @JsonPropertyDescription("Sequential write IOs per second (wseqiops).")
        @Required
        @Min(1)
        @Max(2147483647)
        Integer writeSeqIops,
    @JsonPropertyDescription("Random write IOs per second (wrandiops).")
        @Required
        @Min(1)
        @Max(2147483647)
        Integer writeRandIops) {}
