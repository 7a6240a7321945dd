package org.openeuler.nestos.daemon.core.events;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The events a node's status change is worth (pure): one per condition that turned True, or changed
 * its reason while True, between the status before a write and the one written. A status that did
 * not change yields none, so a daemon restart repeats nothing.
 */
public final class ConditionEvents {
  /** Conditions whose True means something went wrong on the node. */
  static final Set<String> WARNINGS = Set.of("Degraded", "Drifted");

  /** Conditions a user follows an update or a drift by. */
  static final Set<String> REPORTED =
      Set.of("Staged", "RebootPending", "Updated", "Degraded", "Drifted");

  private ConditionEvents() {}

  /**
   * One event.
   *
   * @param reason the condition's reason (e.g. {@code Staged}, {@code RolledBack}, {@code
   *     DriftDetected})
   * @param message {@code <type>: <message>}
   * @param warning a Warning event (otherwise Normal)
   */
  public record NodeEvent(String reason, String message, boolean warning) {}

  /** The events from {@code before} to {@code after}. */
  public static List<NodeEvent> between(List<Condition> before, List<Condition> after) {
    List<NodeEvent> out = new ArrayList<>();
    if (after == null) {
      return out;
    }
    for (Condition c : after) {
      if (!REPORTED.contains(c.getType()) || !"True".equals(c.getStatus())) {
        continue;
      }
      Condition was =
          before == null
              ? null
              : before.stream()
                  .filter(b -> c.getType().equals(b.getType()))
                  .findFirst()
                  .orElse(null);
      boolean changed =
          was == null
              || !"True".equals(was.getStatus())
              || !Objects.equals(was.getReason(), c.getReason());
      if (changed) {
        String message =
            c.getMessage() == null || c.getMessage().isBlank() ? "" : ": " + c.getMessage();
        out.add(
            new NodeEvent(c.getReason(), c.getType() + message, WARNINGS.contains(c.getType())));
      }
    }
    return out;
  }
}
