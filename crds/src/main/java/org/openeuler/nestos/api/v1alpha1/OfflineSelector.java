package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Extra selectors that make pods offline (besides volcano.sh/preemptable). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.LabelSelectorField.class, input = "podSelector")
@SchemaCustomizer(value = Schemas.LabelSelectorField.class, input = "namespaceSelector")
public record OfflineSelector(
    @JsonPropertyDescription("Pods matching this selector are offline; unset matches no pod.")
        LabelSelector podSelector,
    @JsonPropertyDescription(
            "Pods in namespaces matching this selector are offline; unset matches no namespace.")
        LabelSelector namespaceSelector) {}
