package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Pods scheduled on the node that must be Ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.LabelSelectorField.class, input = "selector")
public record PodsReadyCheck(
    @JsonPropertyDescription("Namespace of the pods; unset means all namespaces.")
        @Size(max = 63)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        String namespace,
    @JsonPropertyDescription("Pods on this node matching this selector must all be Ready.")
        @Required
        LabelSelector selector) {}
