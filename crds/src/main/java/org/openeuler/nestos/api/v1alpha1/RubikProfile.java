package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** The winning RubikPolicy's settings, as rendered for one node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RubikProfile(
    @JsonPropertyDescription("Name of the RubikPolicy this profile comes from.")
    @Size(max = 253)
    String policyRef,
    @JsonPropertyDescription("Native or Rubik (see RubikPolicy.spec.mode).")
    RubikPolicySpec.Mode mode,
    @JsonPropertyDescription("Which pods are offline.")
    OfflineSelector offline,
    @JsonPropertyDescription("Enabled QoS features.")
    RubikFeatures features) {}
