package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The host's ostree deployments as rpm-ostree reports them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Deployments(
    @JsonPropertyDescription("The deployment the node is running.") DeploymentInfo booted,
    @JsonPropertyDescription("The deployment staged for the next boot, if any.")
        DeploymentInfo staged,
    @JsonPropertyDescription("The deployment a rollback would boot, if any.")
        DeploymentInfo rollback) {}
