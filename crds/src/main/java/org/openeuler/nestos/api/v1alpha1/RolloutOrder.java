package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Node picking order: spread over the values of a topology label, then by node name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutOrder(
    @JsonPropertyDescription(
            "Node label whose values are visited round-robin (e.g. topology.kubernetes.io/zone) so a"
                + " wave spreads over failure domains; unset means by node name only.")
        @Size(max = 317)
        @Pattern(
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
        String spreadByLabel) {}
