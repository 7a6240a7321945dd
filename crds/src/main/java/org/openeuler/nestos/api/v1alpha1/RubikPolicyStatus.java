package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Status of a {@link RubikPolicy}: aggregates only, derived each pass from NodeStates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.ConditionList.class, input = "conditions")
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input =
        "{\"properties\":{"
            + "\"backends\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"feature\",\"backend\"]},"
            + "\"missingPrerequisites\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"]}}}")
public record RubikPolicyStatus(
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Long observedGeneration,
    @JsonPropertyDescription("Ready, Reconciling, Stalled and Degraded conditions (kstatus).")
        @Size(max = 16)
        List<Condition> conditions,
    @JsonPropertyDescription("Nodes this policy wins.") @Min(0) @Max(Integer.MAX_VALUE)
        Integer targetNodes,
    @JsonPropertyDescription("Nodes on which the profile is applied.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer appliedNodes,
    @JsonPropertyDescription("Per feature and backend, on how many nodes it is in effect.")
        @Size(max = 64)
        List<FeatureBackendCount> backends,
    @JsonPropertyDescription("Kernel prerequisites missing on nodes, with node counts.")
        @Size(max = 64)
        List<PrerequisiteCount> missingPrerequisites,
    @JsonPropertyDescription(
            "Nodes whose last pass failed cgroup writes or restores (their NodeStates' rubik.failedWrites"
                + " and Degraded condition say which); the policy is then Degraded/ApplyFailed.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer failedNodes) {

  /** A status without failed nodes. */
  public RubikPolicyStatus(
      Long observedGeneration,
      List<Condition> conditions,
      Integer targetNodes,
      Integer appliedNodes,
      List<FeatureBackendCount> backends,
      List<PrerequisiteCount> missingPrerequisites) {
    this(
        observedGeneration,
        conditions,
        targetNodes,
        appliedNodes,
        backends,
        missingPrerequisites,
        null);
  }
}
