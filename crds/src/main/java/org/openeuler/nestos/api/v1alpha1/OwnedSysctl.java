package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A rendered sysctl: key, winning value and owners. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwnedSysctl(
    @JsonPropertyDescription("Sysctl key in dotted form.")
        @Required
        @Size(min = 3, max = 253)
        @Pattern(Patterns.SYSCTL_NAME)
        String name,
    @JsonPropertyDescription("Value to write (the winner's).") @Required @Size(max = 1024)
        String value,
    @JsonPropertyDescription("Owners as Kind/name; the first one is the winner.") @Size(max = 32)
        List<@Size(max = 320) @Pattern(Patterns.OWNER) String> owners) {}
