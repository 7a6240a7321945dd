package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Latest result of one health check. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthCheckResult(
    @JsonPropertyDescription("Name of the check in spec.healthGate.checks.")
        @Required
        @Size(max = 63)
        String name,
    @JsonPropertyDescription("Passing, Failing or Unknown.") @Required Result result,
    @JsonPropertyDescription("When the result last changed (RFC 3339).") @Size(max = 64)
        String lastTransitionTime,
    @JsonPropertyDescription("Detail, e.g. HTTP status or exit code and output tail.")
        @Size(max = 1024)
        String message) {

  /** Check outcomes. */
  public enum Result {
    Passing,
    Failing,
    Unknown
  }
}
