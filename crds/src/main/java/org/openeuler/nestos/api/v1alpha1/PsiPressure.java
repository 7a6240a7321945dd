package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/**
 * Pressure stall at or over the threshold on a node (RubikPolicy {@code features.psi}, mode
 * Native): while the daemon reports it, the operator evicts offline pods from the node.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PsiPressure(
    @JsonPropertyDescription("The stalled resource: cpu, memory or io.") @Size(max = 16)
        String resource,
    @JsonPropertyDescription(
            "Its 'some avg10' (percent of the last 10 s in which some task stalled), the worst"
                + " online pod's or, without per-cgroup PSI, the node's.")
        @Min(0)
        @Max(100)
        Double avg10,
    @JsonPropertyDescription("The avg10 at or over which offline pods are evicted.")
        @Min(0)
        @Max(100)
        Double threshold,
    @JsonPropertyDescription(
            "Where it was read: 'pod <namespace>/<name>' (an online pod's cgroup) or 'node'"
                + " (/proc/pressure).")
        @Size(max = 320)
        String source,
    @JsonPropertyDescription(
            "When the pressure was first seen at or over the threshold (RFC 3339).")
        @Size(max = 64)
        String since,
    @JsonPropertyDescription(
            "When the daemon last read it (RFC 3339; refreshed every 30 s while it lasts). The"
                + " operator ignores a report older than 2 minutes.")
        @Size(max = 64)
        String observedAt) {}
