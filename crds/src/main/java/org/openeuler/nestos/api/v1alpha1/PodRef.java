package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A pod by namespace and name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodRef(
    @JsonPropertyDescription("Pod namespace.") @Required @Size(max = 63) String namespace,
    @JsonPropertyDescription("Pod name.") @Required @Size(max = 253) String name) {}
