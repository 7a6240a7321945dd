package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One sysctl a {@link NodeConfig} sets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(self.name in " + SysctlSetting.KUBELET_MANAGED + ")",
    fieldPath = ".name",
    reason = "FieldValueForbidden",
    message = "this sysctl is managed by the kubelet (KubeletManaged)",
    messageExpression = "'sysctl ' + self.name + ' is managed by the kubelet (KubeletManaged)'")
@ValidationRule(
    value = "!(self.name in ['kernel.modprobe', 'kernel.poweroff_cmd', 'kernel.hotplug'])",
    fieldPath = ".name",
    reason = "FieldValueForbidden",
    message = "this sysctl makes the kernel run a program as root (RunsProgramAsRoot)",
    messageExpression =
        "'sysctl ' + self.name + ' makes the kernel run a program as root (RunsProgramAsRoot)'")
@ValidationRule(
    value = "!(self.name == 'kernel.core_pattern' && self.value.matches('^[[:space:]]*[|]'))",
    fieldPath = ".value",
    reason = "FieldValueForbidden",
    message = "kernel.core_pattern piping to a program would run it as root (RunsProgramAsRoot)")
public record SysctlSetting(
    @JsonPropertyDescription(
            "Sysctl key in dotted form (e.g. net.core.somaxconn); no '/', no empty segment. Keys the"
                + " kubelet manages or that make the kernel run programs as root are rejected.")
        @Required
        @Size(min = 3, max = 253)
        @Pattern(Patterns.SYSCTL_NAME)
        String name,
    @JsonPropertyDescription(
            "Value as written to /proc/sys (compared as the kernel prints it; whitespace-separated"
                + " fields allowed, no line breaks).")
        @Required
        @Size(max = 1024)
        @Pattern("^[^\\r\\n]*$")
        String value) {

  static final String KUBELET_MANAGED =
      "['vm.overcommit_memory', 'vm.panic_on_oom', 'kernel.panic',"
          + " 'kernel.panic_on_oops', 'kernel.keys.root_maxkeys', 'kernel.keys.root_maxbytes']";
}
