package org.openeuler.nestos.apiserver.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server-side apply conflicts (HTTP 409, reason {@code Conflict}); message formatted like
 * kube-apiserver.
 */
public final class ApplyConflictException extends RuntimeException {

  /**
   * One conflicting field.
   *
   * @param manager the other manager's name
   * @param operation its operation ({@code Apply} or {@code Update})
   * @param subresource its subresource, "" for the main resource
   * @param apiVersion the API version of its entry
   * @param field the field path as kube-apiserver prints it, e.g. {@code .spec.rollout.paused}
   */
  public record Conflict(
      String manager, String operation, String subresource, String apiVersion, String field) {

    /**
     * {@code "name"}, plus {@code with subresource "status"} and {@code using v1} for Update
     * entries.
     */
    public String describeManager() {
      String s = '"' + manager + '"';
      if (!subresource.isEmpty()) {
        s += " with subresource \"" + subresource + '"';
      }
      if ("Update".equals(operation)) {
        s += " using " + apiVersion;
      }
      return s;
    }

    /** Message of the matching {@code FieldManagerConflict} status cause. */
    public String causeMessage() {
      return "conflict with " + describeManager();
    }
  }

  private final List<Conflict> conflicts;

  public ApplyConflictException(List<Conflict> conflicts) {
    super(message(conflicts));
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  public int httpStatus() {
    return 409;
  }

  private static String message(List<Conflict> conflicts) {
    if (conflicts.size() == 1) {
      Conflict c = conflicts.get(0);
      return "Apply failed with 1 conflict: conflict with "
          + c.describeManager()
          + ": "
          + c.field();
    }
    Map<String, List<String>> byManager = new TreeMap<>();
    for (Conflict c : conflicts) {
      byManager.computeIfAbsent(c.describeManager(), k -> new ArrayList<>()).add(c.field());
    }
    List<String> lines = new ArrayList<>();
    byManager.forEach(
        (manager, fields) -> {
          lines.add("conflicts with " + manager + ":");
          fields.forEach(f -> lines.add("- " + f));
        });
    return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
  }
}
