package org.openeuler.nestos.daemon.core.update;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.openeuler.nestos.api.ConditionReason;

/**
 * Why the node is where it is: a condition reason and a message for people. The host record keeps
 * it as {@code "<Reason>: <message>"} (the form older daemons wrote); only that persistence
 * boundary parses it back ({@link #parse}).
 *
 * @param code the condition reason; null when a persisted text named none this daemon knows
 * @param message what happened, for {@code kubectl describe}
 */
public record Reason(ConditionReason code, String message) {

  public static Reason of(ConditionReason code, String message) {
    return new Reason(code, message);
  }

  /** The code, or {@code fallback} when there is none ({@code r} may be null). */
  public static ConditionReason code(Reason r, ConditionReason fallback) {
    return r == null || r.code == null ? fallback : r.code;
  }

  /** The message of {@code r}, or null. */
  public static String message(Reason r) {
    return r == null ? null : r.message;
  }

  /** Whether {@code r} has {@code code}. */
  public static boolean is(Reason r, ConditionReason code) {
    return r != null && r.code == code;
  }

  /** This reason with {@code more} appended to its message. */
  public Reason append(String more) {
    return new Reason(code, message + more);
  }

  /** The persisted form, {@code "<Reason>: <message>"}. */
  @JsonValue
  public String text() {
    return code == null ? message : code.value() + ": " + message;
  }

  /** A persisted reason read back (records written by this or an older daemon). */
  @JsonCreator
  public static Reason parse(String text) {
    if (text == null) {
      return null;
    }
    int colon = text.indexOf(": ");
    try {
      return new Reason(
          ConditionReason.of(colon < 0 ? text : text.substring(0, colon)),
          colon < 0 ? "" : text.substring(colon + 2));
    } catch (IllegalArgumentException e) {
      return new Reason(null, text);
    }
  }

  @Override
  public String toString() {
    return text();
  }
}
