package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/** How an {@link OSVersion} moves its nodes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.Merge.class, input = RolloutSpec.PATCH)
@ValidationRule(
    value =
        "!has(self.maxUnavailable) || (type(self.maxUnavailable) == int ? self.maxUnavailable >= 0 && self.maxUnavailable <= "
            + Patterns.INT32_MAX
            + " : self.maxUnavailable.matches('"
            + Patterns.INT_OR_PERCENT
            + "'))",
    fieldPath = ".maxUnavailable",
    message = "maxUnavailable " + Patterns.INT_OR_PERCENT_MESSAGE)
@ValidationRule(
    value =
        "!has(self.partition) || (type(self.partition) == int ? self.partition >= 0 && self.partition <= "
            + Patterns.INT32_MAX
            + " : self.partition.matches('"
            + Patterns.INT_OR_PERCENT
            + "'))",
    fieldPath = ".partition",
    message = "partition " + Patterns.INT_OR_PERCENT_MESSAGE)
@ValidationRule(
    value =
        "!has(self.maxFailures) || (type(self.maxFailures) == int ? self.maxFailures >= 0 && self.maxFailures <= "
            + Patterns.INT32_MAX
            + " : self.maxFailures.matches('"
            + Patterns.INT_OR_PERCENT
            + "'))",
    fieldPath = ".maxFailures",
    message = "maxFailures " + Patterns.INT_OR_PERCENT_MESSAGE)
public record RolloutSpec(
    @JsonPropertyDescription(
            "Maximum targeted nodes unavailable at once, for any reason (ours or not): an integer or a"
                + " percentage of the targeted nodes rounded down. 0 is accepted and means 1. Default 1.")
        @Default("1")
        IntOrString maxUnavailable,
    @JsonPropertyDescription(
            "At most this many targeted nodes (integer or percentage) move to the new image; raise it"
                + " in Git to continue a canary. Default 100%.")
        @Default("\"100%\"")
        IntOrString partition,
    @JsonPropertyDescription("When true no new node starts updating; work in flight finishes.")
        @Default("false")
        Boolean paused,
    @JsonPropertyDescription(
            "Failed nodes (integer or percentage of targeted nodes) tolerated before the rollout halts"
                + " with Stalled/FailureBudgetExceeded. Default 0.")
        @Default("0")
        IntOrString maxFailures,
    @JsonPropertyDescription("Order in which nodes are picked.") @Default("{}") RolloutOrder order,
    @JsonPropertyDescription(
            "Windows in which new nodes may be cordoned (evaluated on the operator's clock; work in"
                + " flight is never aborted). Empty means always.")
        @Size(max = 16)
        List<MaintenanceWindow> maintenanceWindows,
    @JsonPropertyDescription(
            "When images are staged (downloaded and deployed with finalization locked) ahead of reboots.")
        @Default("{}")
        StagingSpec staging,
    @JsonPropertyDescription("How nodes are drained before their reboot.") @Default("{}")
        DrainSpec drain,
    @JsonPropertyDescription(
            "Health checks a node must pass after its reboot, and what happens when it does not.")
        @Default("{}")
        HealthGate healthGate) {

  /** Bounds the int-or-string fields so CEL cost estimation stays finite. */
  static final String PATCH =
      "{\"properties\":{\"maxUnavailable\":{\"maxLength\":8},"
          + "\"partition\":{\"maxLength\":8},\"maxFailures\":{\"maxLength\":8}}}";
}
