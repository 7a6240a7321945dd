package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One per node (named like the Node, owned by it): the contract between operator (spec) and daemon
 * (status).
 */
@Group("nestos.openeuler.org")
@Version("v1alpha1")
@Kind("NodeState")
@Plural("nodestates")
@Singular("nodestate")
@ShortNames("nst")
@Categories("nestos")
@ValidationRule(
    value = "!has(self.spec) || self.metadata.name == self.spec.nodeName",
    message = "a NodeState is named after its node: metadata.name must equal spec.nodeName")
@AdditionalPrinterColumn(name = "Booted", jsonPath = ".status.deployments.booted.version")
@AdditionalPrinterColumn(name = "Revision", jsonPath = ".spec.revision")
@AdditionalPrinterColumn(name = "Current", jsonPath = ".status.currentRevision", priority = 1)
@AdditionalPrinterColumn(name = "Allowed", jsonPath = ".spec.disruption.allowed", priority = 1)
@AdditionalPrinterColumn(
    name = "Updated",
    jsonPath = ".status.conditions[?(@.type==\"Updated\")].status")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Updated\")].reason")
@AdditionalPrinterColumn(
    name = "Degraded",
    jsonPath = ".status.conditions[?(@.type==\"Degraded\")].status",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeState extends CustomResource<NodeStateSpec, NodeStateStatus> {

  @Override
  @JsonPropertyDescription(
      "Rendered desired state of the node; written only by the operator's renderer.")
  public NodeStateSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the node; written only by the node's daemon.")
  public NodeStateStatus getStatus() {
    return super.getStatus();
  }
}
