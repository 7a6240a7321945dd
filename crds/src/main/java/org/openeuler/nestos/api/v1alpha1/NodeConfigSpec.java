package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** Spec of a {@link NodeConfig}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.LabelSelectorField.class, input = "nodeSelector")
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input =
        "{\"properties\":{\"sysctls\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"]}}}")
@SchemaCustomizer(value = Schemas.HostOwnedKernelArguments.class, input = "kernelArguments")
@ValidationRule(
    value = "!has(self.kernelArguments) || self.kernelArguments.all(t, t != '--')",
    fieldPath = ".kernelArguments",
    message = "'--' ends the kernel command line and is not a kernel argument")
public record NodeConfigSpec(
    @JsonPropertyDescription(
            "Nodes this NodeConfig applies to. Several NodeConfigs may select a node: per sysctl key the"
                + " highest priority wins (then name); kernel argument lists are concatenated in that order.")
        @Required
        LabelSelector nodeSelector,
    @JsonPropertyDescription(
            "Higher wins a conflict on the same sysctl key; ties are broken by name. Default 0.")
        @Default("0")
        @Min(-1000)
        @Max(1000)
        Integer priority,
    @JsonPropertyDescription(
            "Live sysctls, applied at once without drain, persisted in one project-owned file under"
                + " /etc/sysctl.d and restored to their original value when no policy owns them any more.")
        @Size(max = 128)
        List<SysctlSetting> sysctls,
    @JsonPropertyDescription(
            "Ordered kernel argument tokens this policy owns (repeats allowed, e.g. console=); applied"
                + " by a reboot scheduled under the owning OSVersion's rollout budget.")
        @Size(max = 64)
        List<@Size(min = 1, max = 256) @Pattern(Patterns.KARG_TOKEN) String> kernelArguments) {}
