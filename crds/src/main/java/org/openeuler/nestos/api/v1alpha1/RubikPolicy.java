package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** "On these nodes, mix online and offline pods": per-pod cgroup QoS as openEuler rubik does it. */
@Group("nestos.openeuler.org")
@Version("v1alpha1")
@Kind("RubikPolicy")
@Plural("rubikpolicies")
@Singular("rubikpolicy")
@ShortNames("rp")
@Categories("nestos")
@AdditionalPrinterColumn(
    name = "Targets",
    jsonPath = ".status.targetNodes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Applied",
    jsonPath = ".status.appliedNodes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Backend", jsonPath = ".spec.mode")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RubikPolicy extends CustomResource<RubikPolicySpec, RubikPolicyStatus> {

  @Override
  @JsonPropertyDescription(
      "Which nodes, which pods are offline, which QoS features. Written by users, never by the operator.")
  public RubikPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Aggregates over the selected nodes; per-node detail lives in NodeState. Written by the operator.")
  public RubikPolicyStatus getStatus() {
    return super.getStatus();
  }
}
