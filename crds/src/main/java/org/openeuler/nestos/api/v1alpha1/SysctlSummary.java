package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Outcome of applying the rendered sysctls on a node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input =
        "{\"properties\":{\"issues\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"]}}}")
public record SysctlSummary(
    @JsonPropertyDescription("Number of sysctls applied and persisted.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer applied,
    @JsonPropertyDescription(
            "Sysctls not applied, or applied with a warning (e.g. namespaced keys), with reasons.")
        @Size(max = 32)
        List<SysctlIssue> issues) {}
