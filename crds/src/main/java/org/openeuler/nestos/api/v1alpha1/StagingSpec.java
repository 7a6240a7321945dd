package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Staging: deploying the new image with finalization locked before the node's reboot is granted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StagingSpec(
    @JsonPropertyDescription(
            "OnGrant: a node stages when it is granted its reboot. Eager: up to maxConcurrent nodes"
                + " stage ahead of their turn (allowed: Stage), shortening the disruption. Default OnGrant.")
        @Default("OnGrant")
        Policy policy,
    @JsonPropertyDescription("Nodes staging at the same time with policy Eager. Default 1.")
        @Default("1")
        @Min(1)
        @Max(1000)
        Integer maxConcurrent) {

  /** Staging policies. */
  public enum Policy {
    OnGrant,
    Eager
  }
}
