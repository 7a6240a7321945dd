package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** An ostree remote used to verify signed ostree-native images. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OstreeRemote(
    @JsonPropertyDescription("Remote name configured on the host (ostree-remote-image:<name>:...).")
        @Required
        @Size(min = 1, max = 63)
        @Pattern("^[A-Za-z0-9][A-Za-z0-9_.-]*$")
        String name,
    @JsonPropertyDescription(
            "ASCII-armored GPG public keys the daemon imports for this remote if it is missing on the host.")
        @Size(max = 8)
        List<@Size(max = 16384) String> keys) {}
