package org.openeuler.nestos.operator.core.render;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The events a NodeConfig's or RubikPolicy's status change is worth (pure; issue 15 item 6): one
 * when Ready turns True (applied on every target), one when Degraded or Stalled turns True or
 * changes its reason while True. A status that did not change yields none, so an operator restart
 * or a leader change repeats nothing.
 */
public final class PolicyConditionEvents {

  private PolicyConditionEvents() {}

  /** What changed. */
  public enum Kind {
    /** Ready turned True. */
    APPLIED,
    /** Degraded turned True, or its reason changed while True. */
    DEGRADED,
    /** Stalled turned True, or its reason changed while True. */
    STALLED
  }

  /**
   * One event.
   *
   * @param kind what changed
   * @param message the condition's reason and message, as a user reads it
   */
  public record Change(Kind kind, String message) {}

  /** The events from {@code before} to {@code after} (either may be null: no status). */
  public static List<Change> between(List<Condition> before, List<Condition> after) {
    List<Change> out = new ArrayList<>();
    if (after == null) {
      return out;
    }
    for (Condition c : after) {
      Kind kind =
          switch (c.getType()) {
            case "Ready" -> Kind.APPLIED;
            case "Degraded" -> Kind.DEGRADED;
            case "Stalled" -> Kind.STALLED;
            default -> null;
          };
      if (kind == null || !"True".equals(c.getStatus())) {
        continue;
      }
      Condition was = find(before, c.getType());
      boolean turnedTrue = was == null || !"True".equals(was.getStatus());
      boolean reasonChanged = !turnedTrue && !Objects.equals(was.getReason(), c.getReason());
      if (turnedTrue || (kind != Kind.APPLIED && reasonChanged)) {
        out.add(new Change(kind, text(c)));
      }
    }
    return out;
  }

  private static Condition find(List<Condition> conditions, String type) {
    return conditions == null
        ? null
        : conditions.stream().filter(b -> type.equals(b.getType())).findFirst().orElse(null);
  }

  private static String text(Condition c) {
    String message = c.getMessage() == null || c.getMessage().isBlank() ? "" : c.getMessage();
    if (c.getReason() == null) {
      return message;
    }
    return message.isEmpty() ? c.getReason() : c.getReason() + ": " + message;
  }
}
