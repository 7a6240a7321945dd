package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Spec of an {@link OSVersion}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.LabelSelectorField.class, input = "nodeSelector")
@ValidationRule(
    value = "!self.osImage.startsWith('ostree-') && !self.osImage.contains(':/')",
    fieldPath = ".osImage",
    message =
        "osImage must be a plain OCI reference without a transport prefix (the operator picks the transport)")
@ValidationRule(
    value = "self.osImage.contains('@sha256:')",
    fieldPath = ".osImage",
    message = "osImage must be pinned by digest (repo@sha256:<64 hex>); tags are not accepted")
public record OSVersionSpec(
    @JsonPropertyDescription(
            "The ostree-native container image the selected nodes run: a plain OCI reference pinned by"
                + " digest (repo@sha256:<64 hex>), without tag and without transport prefix.")
        @Required
        @Size(max = 512)
        @Pattern(Patterns.DIGEST_IMAGE)
        String osImage,
    @JsonPropertyDescription("How the image is verified and pulled.") @Default("{}")
        ImagePolicy imagePolicy,
    @JsonPropertyDescription(
            "Nodes this OSVersion targets. A node selected by two OSVersions is moved by neither (SelectorOverlap).")
        @Required
        LabelSelector nodeSelector,
    @JsonPropertyDescription(
            "How the change is rolled out: budget, partition, windows, staging, drain and health gate.")
        @Default("{}")
        RolloutSpec rollout) {}
