package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One health check: a union selected by {@code type}; exactly the matching member is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(self.type == 'HTTPGet') == has(self.httpGet) && (self.type == 'Exec') == has(self.exec)"
            + " && (self.type == 'SystemdUnit') == has(self.systemdUnit) && (self.type == 'PodsReady') == has(self.podsReady)",
    message =
        "exactly the member matching type must be set (HTTPGet: httpGet, Exec: exec, SystemdUnit: systemdUnit,"
            + " PodsReady: podsReady)")
public record HealthCheck(
    @JsonPropertyDescription("Unique name of the check, reported in NodeState status.")
        @Required
        @Size(min = 1, max = 63)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        String name,
    @JsonPropertyDescription("Kind of check: HTTPGet, Exec, SystemdUnit or PodsReady.") @Required
        Type type,
    @JsonPropertyDescription("Per-attempt timeout in seconds. Default 10.")
        @Default("10")
        @Min(1)
        @Max(600)
        Integer timeoutSeconds,
    @JsonPropertyDescription(
            "HTTP GET from the node; 2xx/3xx passes. Set exactly when type is HTTPGet.")
        HttpGetCheck httpGet,
    @JsonPropertyDescription(
            "Command run on the host (argv, no shell); exit 0 passes. Set exactly when type is Exec.")
        ExecCheck exec,
    @JsonPropertyDescription(
            "A systemd unit that must be active. Set exactly when type is SystemdUnit.")
        SystemdUnitCheck systemdUnit,
    @JsonPropertyDescription(
            "Pods on the node that must be Ready. Set exactly when type is PodsReady.")
        PodsReadyCheck podsReady) {

  /** Health check kinds. */
  public enum Type {
    HTTPGet,
    Exec,
    SystemdUnit,
    PodsReady
  }
}
