package org.openeuler.nestos.api.validation;

/**
 * One backwards-incompatible difference between a baseline CRD and a candidate. {@code path} is a
 * schema path ({@code spec.rollout.maxUnavailable}, {@code [*]} for items and map values; empty for
 * a whole version).
 */
public record Incompatibility(String version, String path, Kind kind, String detail) {

  public enum Kind {
    /** A version the baseline serves is gone or no longer served. */
    REMOVED_VERSION,
    /** A declared field (or map values, or unknown-field preservation) is gone. */
    REMOVED_FIELD,
    /** {@code type}, int-or-string, or list type changed. */
    CHANGED_TYPE,
    /** A field became required. */
    NEWLY_REQUIRED,
    /** An enum lost a value, or an enum was introduced where any value was allowed. */
    REMOVED_ENUM_VALUE,
    /** A bound got stricter (max lowered, min raised, new bound, changed pattern). */
    TIGHTENED_VALIDATION,
    /** A new {@code x-kubernetes-validations} rule (existing objects may no longer validate). */
    ADDED_RULE
  }

  @Override
  public String toString() {
    return version + ":" + (path.isEmpty() ? "." : path) + " " + kind + ": " + detail;
  }
}
