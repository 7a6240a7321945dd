package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A sysctl the daemon could not apply, or applied with a warning. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SysctlIssue(
    @JsonPropertyDescription("Sysctl key.") @Required @Size(max = 253) String name,
    @JsonPropertyDescription(
            "CamelCase reason, e.g. KubeletManaged, NotWritable, NotFound, NamespacedKey, ApplyFailed.")
        @Required
        @Size(max = 64)
        String reason,
    @JsonPropertyDescription("Human readable detail.") @Size(max = 1024) String message) {}
