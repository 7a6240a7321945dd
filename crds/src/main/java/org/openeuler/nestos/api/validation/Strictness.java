package org.openeuler.nestos.api.validation;

/** What to do with fields the schema does not declare (kube-apiserver {@code fieldValidation}). */
public enum Strictness {
  /**
   * Unknown fields are errors ({@code fieldValidation=Strict}); {@link
   * FieldError.Type#FieldValueUnknown}.
   */
  STRICT,
  /**
   * Unknown fields are silently dropped, like the apiserver's structural pruning ({@code Ignore}).
   */
  PRUNE
}
