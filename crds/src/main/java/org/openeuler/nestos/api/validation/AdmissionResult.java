package org.openeuler.nestos.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Outcome of {@link CrdSchema#admit}: the defaulted and pruned object (always present, also when
 * rejected, for diagnostics) and the errors; the object is admissible iff {@link #errors()} is
 * empty. {@code warnings} lists the unknown fields that were dropped in {@link Strictness#PRUNE}
 * mode (the apiserver returns them as warnings).
 */
public record AdmissionResult(JsonNode object, List<FieldError> errors, List<String> warnings) {

  public AdmissionResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean allowed() {
    return errors.isEmpty();
  }

  /**
   * kube-apiserver style summary, e.g. {@code spec.x: Required value, spec.y: Invalid value: ...}.
   */
  public String summary() {
    return errors.stream().map(FieldError::describe).collect(Collectors.joining(", "));
  }
}
