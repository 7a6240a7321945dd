package org.openeuler.nestos.daemon.core.update;

import org.openeuler.nestos.api.ConditionReason;

/** Reasons kept as {@code "<ConditionReason>: <message>"} so the projection can split them. */
final class Reasons {

  private Reasons() {}

  static String of(ConditionReason code, String message) {
    return code.value() + ": " + message;
  }

  /** The condition reason of {@code reason}, or {@code fallback}. */
  static ConditionReason code(String reason, ConditionReason fallback) {
    if (reason != null) {
      int colon = reason.indexOf(": ");
      try {
        return ConditionReason.of(colon < 0 ? reason : reason.substring(0, colon));
      } catch (IllegalArgumentException e) {
        return fallback;
      }
    }
    return fallback;
  }

  static String message(String reason) {
    if (reason == null) {
      return null;
    }
    int colon = reason.indexOf(": ");
    return colon < 0 ? reason : reason.substring(colon + 2);
  }
}
