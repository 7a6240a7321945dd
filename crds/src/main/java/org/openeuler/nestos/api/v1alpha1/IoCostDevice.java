package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One block device rubik's iocost weighs pods' IO on (mode Rubik, {@code features.ioWeight}): its
 * kernel name and its linear cost model, for every selected node or one of them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IoCostDevice(
    @JsonPropertyDescription("The block device's kernel name, e.g. sda, vdb or nvme0n1.")
        @Required
        @Pattern("^[a-z][a-z0-9]{0,31}$")
        @Size(max = 32)
        String device,
    @JsonPropertyDescription(
            "Only on this node (by name). Unset: on every node the policy selects (rubik's global).")
        @Pattern(Patterns.DNS_SUBDOMAIN)
        @Size(max = 253)
        String nodeName,
    @JsonPropertyDescription(
            "What the device sustains (rubik iocost's linear model), measured on it, e.g. with fio.")
        @Required
        IoCostLinearModel linear) {}
