package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * Extra selectors that make pods offline (besides volcano.sh/preemptable), and whether system pods
 * may be offline at all.
 *
 * <p>System pods are protected by default: a pod in {@code kube-system}, {@code kube-public},
 * {@code kube-node-lease} or the operator's own namespace, or with priority class {@code
 * system-cluster-critical} / {@code system-node-critical} (or a priority of at least 2000000000),
 * is never offline, whatever marks it (selectors or volcano.sh/preemptable), unless {@link
 * #includeSystemPods} is true. Starving CoreDNS or kube-proxy of CPU takes the node's workloads
 * down with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.LabelSelectorField.class, input = "podSelector")
@SchemaCustomizer(value = Schemas.LabelSelectorField.class, input = "namespaceSelector")
public record OfflineSelector(
    @JsonPropertyDescription("Pods matching this selector are offline; unset matches no pod.")
        LabelSelector podSelector,
    @JsonPropertyDescription(
            "Pods in namespaces matching this selector are offline; unset matches no namespace.")
        LabelSelector namespaceSelector,
    @JsonPropertyDescription(
            "Let system pods be offline too (pods in kube-system, kube-public, kube-node-lease or the"
                + " operator's namespace, or with priority class system-cluster-critical or"
                + " system-node-critical, or a priority of at least 2000000000). Default false: they"
                + " always stay online, whatever selects or marks them. Native mode only: in mode Rubik,"
                + " rubik's agent classifies by volcano.sh/preemptable alone.")
        Boolean includeSystemPods) {

  /** Selectors with system pods protected. */
  public OfflineSelector(LabelSelector podSelector, LabelSelector namespaceSelector) {
    this(podSelector, namespaceSelector, null);
  }

  /** Whether the policy opted in to offline system pods. */
  public boolean systemPodsIncluded() {
    return Boolean.TRUE.equals(includeSystemPods);
  }
}
