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

/**
 * "These nodes run this OS image": a digest-pinned ostree-native container image rolled out under a
 * budget.
 */
@Group("nestos.openeuler.org")
@Version("v1alpha1")
@Kind("OSVersion")
@Plural("osversions")
@Singular("osversion")
@ShortNames("osv")
@Categories("nestos")
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.osImage")
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version")
@AdditionalPrinterColumn(
    name = "Targets",
    jsonPath = ".status.targetNodes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Updated",
    jsonPath = ".status.updatedNodes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Failed",
    jsonPath = ".status.failedNodes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OSVersion extends CustomResource<OSVersionSpec, OSVersionStatus> {

  @Override
  @JsonPropertyDescription(
      "Desired OS image and how to roll it out. Written by users (Git), never by the operator.")
  public OSVersionSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Rollout progress aggregated from NodeStates each pass; written only by the operator.")
  public OSVersionStatus getStatus() {
    return super.getStatus();
  }
}
