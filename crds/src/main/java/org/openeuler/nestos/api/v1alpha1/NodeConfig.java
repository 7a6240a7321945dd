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

/** "These nodes get these kernel parameters": live sysctls and kernel boot arguments. */
@Group("nestos.openeuler.org")
@Version("v1alpha1")
@Kind("NodeConfig")
@Plural("nodeconfigs")
@Singular("nodeconfig")
@ShortNames("nc")
@Categories("nestos")
@AdditionalPrinterColumn(
    name = "Targets",
    jsonPath = ".status.targetNodes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Applied",
    jsonPath = ".status.appliedNodes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Conflicts",
    jsonPath = ".status.conflictCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeConfig extends CustomResource<NodeConfigSpec, NodeConfigStatus> {

  @Override
  @JsonPropertyDescription(
      "Sysctls and kernel arguments for the selected nodes. Written by users, never by the operator.")
  public NodeConfigSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Aggregates over the selected nodes; per-node detail lives in NodeState. Written by the operator.")
  public NodeConfigStatus getStatus() {
    return super.getStatus();
  }
}
