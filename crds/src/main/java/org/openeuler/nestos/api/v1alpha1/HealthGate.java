package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Post-reboot health gate: checks must pass for minReadySeconds within deadlineSeconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input =
        "{\"properties\":{\"checks\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"]}}}")
@ValidationRule(
    value =
        "!has(self.minReadySeconds) || !has(self.deadlineSeconds)"
            + " || self.minReadySeconds < self.deadlineSeconds",
    fieldPath = ".minReadySeconds",
    message =
        "minReadySeconds must be less than deadlineSeconds (default 600): otherwise no node can pass"
            + " the health gate")
public record HealthGate(
    @JsonPropertyDescription(
            "Seconds after the reboot by which the checks must have passed for minReadySeconds. Default 600.")
        @Default("600")
        @Min(1)
        @Max(86400)
        Integer deadlineSeconds,
    @JsonPropertyDescription(
            "Seconds all checks (and the Node's Ready condition) must pass continuously. Default 30.")
        @Default("30")
        @Min(0)
        @Max(86400)
        Integer minReadySeconds,
    @JsonPropertyDescription(
            "Checks run by the daemon on the node; the Node's Ready condition is always required.")
        @Size(max = 16)
        List<HealthCheck> checks,
    @JsonPropertyDescription(
            "On failure: RollbackNode (daemon rolls back to the previous deployment and reboots) or"
                + " LeaveNode (node stays Failed and cordoned). Default RollbackNode.")
        @Default("RollbackNode")
        FailureAction failureAction) {

  /** What happens to a node that fails its health gate. */
  public enum FailureAction {
    RollbackNode,
    LeaveNode
  }
}
