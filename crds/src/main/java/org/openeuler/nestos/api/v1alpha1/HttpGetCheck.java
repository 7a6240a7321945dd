package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An HTTP GET issued from the node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpGetCheck(
    @JsonPropertyDescription("URL to get, http or https (e.g. http://127.0.0.1:10248/healthz).")
        @Required
        @Size(max = 2048)
        @Pattern("^https?://[^\\s]+$")
        String url) {}
