package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** One ostree deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentInfo(
    @JsonPropertyDescription(
            "Container image reference the deployment came from (as rpm-ostree reports it, with transport).")
        @Size(max = 1024)
        String imageReference,
    @JsonPropertyDescription("ostree commit checksum.") @Size(max = 64) String checksum,
    @JsonPropertyDescription("OS version of the deployment.") @Size(max = 256) String version,
    @JsonPropertyDescription("Digest of the image manifest (reported, not compared).")
        @Size(max = 128)
        String manifestDigest,
    @JsonPropertyDescription("Whether the deployment is pinned (ostree admin pin).")
        Boolean pinned) {}
