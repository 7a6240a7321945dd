package org.openeuler.nestos.rubik.core.plan;

/**
 * One invalid input value.
 *
 * @param field path of the offending value, e.g. {@code
 *     pods[default/web].annotations[volcano.sh/quota-burst-time]}
 * @param message what is wrong and what would be valid
 */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
