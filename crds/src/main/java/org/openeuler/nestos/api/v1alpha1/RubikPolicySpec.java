package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** Spec of a {@link RubikPolicy}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.LabelSelectorField.class, input = "nodeSelector")
@ValidationRule(
    value =
        "!has(self.mode) || self.mode != 'Rubik' || !has(self.offline)"
            + " || (!has(self.offline.podSelector) && !has(self.offline.namespaceSelector))",
    message =
        "offline.podSelector and offline.namespaceSelector need mode Native: rubik's agent marks offline pods"
            + " by volcano.sh/preemptable only")
public record RubikPolicySpec(
    @JsonPropertyDescription(
            "Nodes this policy applies to; one winning policy per node (priority, then name).")
        @Required
        LabelSelector nodeSelector,
    @JsonPropertyDescription(
            "Higher wins when several RubikPolicies select a node; ties are broken by name. Default 0.")
        @Default("0")
        @Min(-1000)
        @Max(1000)
        Integer priority,
    @JsonPropertyDescription(
            "Native: the daemon writes cgroups itself (refused on nodes running rubik's agent,"
                + " ConflictingAgent). Rubik: render rubik's config.json into its ConfigMap and roll its DaemonSet; only one"
                + " RubikPolicy may use Rubik (MultipleRubikPolicies). Default Native.")
        @Default("Native")
        Mode mode,
    @JsonPropertyDescription(
            "Which pods are offline. A pod with volcano.sh/preemptable: \"true\" (annotation or label)"
                + " is; Guaranteed pods never are, nor are system pods (kube-system, system-*-critical)"
                + " unless offline.includeSystemPods is true.")
        @Default("{}")
        OfflineSelector offline,
    @JsonPropertyDescription("QoS features to enable.") @Default("{}") RubikFeatures features,
    @JsonPropertyDescription(
            "Kernel prerequisites (sysctls, kernel arguments): Report them missing, or Manage them by"
                + " folding them into the rendered NodeState with owner RubikPolicy/<name>. Default Report.")
        @Default("Report")
        Prerequisites prerequisites,
    @JsonPropertyDescription(
            "Block devices for features.ioWeight in mode Rubik: rubik's iocost weighs IO only on the"
                + " devices it is given (without any the policy reports Degraded/IoCostDevicesMissing)."
                + " Mode Native ignores them (it sets io.weight / blkio.weight).")
        @Size(max = 64)
        List<IoCostDevice> ioCost) {

  /** A spec without iocost devices. */
  public RubikPolicySpec(
      LabelSelector nodeSelector,
      Integer priority,
      Mode mode,
      OfflineSelector offline,
      RubikFeatures features,
      Prerequisites prerequisites) {
    this(nodeSelector, priority, mode, offline, features, prerequisites, null);
  }

  /** Who applies the QoS settings. */
  public enum Mode {
    Native,
    Rubik
  }

  /** How kernel prerequisites are handled. */
  public enum Prerequisites {
    Report,
    Manage
  }
}
