package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A kernel argument token and the policies that own it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwnedKernelArgument(
    @JsonPropertyDescription("The token, e.g. console=ttyS0,115200 or hugepages=64.")
        @Required
        @Size(min = 1, max = 256)
        @Pattern(Patterns.KARG_TOKEN)
        String token,
    @JsonPropertyDescription("Owners as Kind/name, e.g. NodeConfig/hugepages or RubikPolicy/mix.")
        @Size(max = 32)
        List<@Size(max = 320) @Pattern(Patterns.OWNER) String> owners) {}
