package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A command run in the host namespaces as an argument vector (never through a shell). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecCheck(
    @JsonPropertyDescription(
            "argv: the program (absolute path) followed by its arguments; no shell interpretation.")
        @Required
        @Size(min = 1, max = 32)
        List<@Size(max = 1024) String> command) {}
