package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * rubik QoS features; each falls back to upstream-kernel mechanisms or reports Unsupported per
 * node.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RubikFeatures(
    @JsonPropertyDescription(
            "Offline pods yield CPU to online ones (cpu.qos_level, or cpu.idle upstream). Default true.")
        @Default("true")
        Boolean cpuPreemption,
    @JsonPropertyDescription(
            "Offline pods' memory is reclaimed first (memory.qos_level, memory.high/low, or"
                + " memory.soft_limit_in_bytes on cgroup v1). Default false.")
        @Default("false")
        Boolean memoryPreemption,
    @JsonPropertyDescription(
            "Online pods may burst beyond their CPU quota (cpu.cfs_burst_us / cpu.max.burst). Default false.")
        @Default("false")
        Boolean quotaBurst,
    @JsonPropertyDescription("Offline pods get a low block IO weight. Default false.")
        @Default("false")
        Boolean ioWeight,
    @JsonPropertyDescription(
            "Dynamic memory limits for offline pods (rubik dynMemory, policy fssr): their memory.high"
                + " follows the node's available memory (mode Native: cgroup v2 or openEuler's"
                + " memory.high). Default false.")
        @Default("false")
        Boolean dynMemory,
    @JsonPropertyDescription(
            "Evict offline pods while online ones stall (PSI some avg10 >= 5% for cpu, memory or io)."
                + " Mode Native: the daemon reports the pressure, the operator evicts through the"
                + " Eviction API (PodDisruptionBudgets respected), one pod per node per 30 s."
                + " Default false.")
        @Default("false")
        Boolean psi) {}
