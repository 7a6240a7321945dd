package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The winning RubikPolicy's settings, as rendered for one node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RubikProfile(
    @JsonPropertyDescription("Name of the RubikPolicy this profile comes from.") @Size(max = 253)
        String policyRef,
    @JsonPropertyDescription("Native or Rubik (see RubikPolicy.spec.mode).")
        RubikPolicySpec.Mode mode,
    @JsonPropertyDescription("Which pods are offline.") OfflineSelector offline,
    @JsonPropertyDescription("Enabled QoS features.") RubikFeatures features,
    @JsonPropertyDescription(
            "Namespaces whose labels match offline.namespaceSelector, resolved by the operator (the"
                + " daemon does not watch Namespaces); pods in them are offline. Sorted names, at most "
                + RubikProfile.MAX_OFFLINE_NAMESPACES
                + ". Absent when the policy has no namespaceSelector. Empty when it"
                + " matches more namespaces than that: no partial list is rendered, and the RubikPolicy reports"
                + " Degraded/TooManyNamespaces.")
        @Size(max = RubikProfile.MAX_OFFLINE_NAMESPACES)
        List<@Size(min = 1, max = 63) String> offlineNamespaces) {

  /** Bound of {@link #offlineNamespaces()}. */
  public static final int MAX_OFFLINE_NAMESPACES = 4096;

  public RubikProfile {
    offlineNamespaces = offlineNamespaces == null ? null : List.copyOf(offlineNamespaces);
  }

  /** A profile without resolved namespaces. */
  public RubikProfile(
      String policyRef,
      RubikPolicySpec.Mode mode,
      OfflineSelector offline,
      RubikFeatures features) {
    this(policyRef, mode, offline, features, null);
  }
}
