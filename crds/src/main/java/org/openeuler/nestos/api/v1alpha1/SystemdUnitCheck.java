package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A systemd unit that must be active on the host. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemdUnitCheck(
    @JsonPropertyDescription("Unit name including its suffix, e.g. kubelet.service.")
        @Required
        @Size(max = 256)
        @Pattern("^[A-Za-z0-9:_.\\\\@-]+\\.(service|socket|target|mount|timer|path|scope|slice)$")
        String unit) {}
