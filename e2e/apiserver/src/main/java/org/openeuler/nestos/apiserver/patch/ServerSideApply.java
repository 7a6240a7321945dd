package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Server-side apply and field ownership ({@code metadata.managedFields}), after
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/. Inputs are never modified.
 */
public final class ServerSideApply {

  /** Manager that owns the fields of an object that had no managedFields when first applied to. */
  public static final String BEFORE_FIRST_APPLY = "before-first-apply";

  private ServerSideApply() {}

  /**
   * Applies {@code applied} (a full or partial configuration) for {@code manager}.
   *
   * @param liveOrNull the stored object, null to create
   * @param force take ownership of conflicting fields instead of failing
   * @param subresource "" or "status"; recorded in the manager's entry
   * @throws ApplyConflictException when another manager owns a field this apply changes and !force
   */
  public static ApplyResult apply(
      ObjectNode liveOrNull,
      ObjectNode applied,
      String manager,
      boolean force,
      String subresource,
      ListSchema schema,
      String nowRfc3339) {
    ObjectNode config = (ObjectNode) ApplyMerge.withoutNulls(applied);
    if (config.get("metadata") instanceof ObjectNode meta) {
      meta.remove("managedFields");
    }
    List<ManagedFieldsEntry> entries = ManagedFieldsEntry.read(liveOrNull);
    ObjectNode merged;
    if (liveOrNull == null) {
      merged = config;
    } else {
      merged = ApplyMerge.merge(liveOrNull, config, schema);
      if (entries.isEmpty()) {
        entries.add(
            new ManagedFieldsEntry(
                BEFORE_FIRST_APPLY,
                "Update",
                "",
                liveOrNull.path("apiVersion").asText(null),
                nowRfc3339,
                FieldPaths.leaves(liveOrNull, schema).keySet()));
      }
    }
    ManagedFieldsEntry mine = entry(entries, manager, ManagedFieldsEntry.APPLY, subresource, null);
    Set<List<String>> appliedSet = FieldPaths.leaves(config, schema).keySet();
    Set<List<String>> changed =
        changedPaths(FieldPaths.leaves(liveOrNull, schema), FieldPaths.leaves(merged, schema));

    List<ApplyConflictException.Conflict> conflicts = new ArrayList<>();
    for (ManagedFieldsEntry other : entries) {
      if (other == mine) {
        continue;
      }
      for (List<String> path : other.fields) {
        if (changed.contains(path)) {
          conflicts.add(
              new ApplyConflictException.Conflict(
                  other.manager,
                  other.operation,
                  other.subresource,
                  other.apiVersion,
                  FieldPaths.display(path)));
        }
      }
      if (force) {
        other.fields.removeAll(changed);
      }
    }
    if (!conflicts.isEmpty() && !force) {
      throw new ApplyConflictException(conflicts);
    }

    Set<List<String>> previous = new HashSet<>(mine.fields);
    Set<List<String>> owned = new HashSet<>(appliedSet);
    entries.stream().filter(e -> e != mine).forEach(e -> owned.addAll(e.fields));
    Set<List<String>> released = new LinkedHashSet<>(previous);
    released.removeAll(owned);
    ApplyMerge.prune(merged, released, owned);

    if (!previous.equals(appliedSet) || mine.time == null) {
      mine.time = nowRfc3339;
    }
    mine.fields = new LinkedHashSet<>(appliedSet);
    mine.apiVersion = config.path("apiVersion").asText(mine.apiVersion);
    ManagedFieldsEntry.write(merged, entries);
    return new ApplyResult(merged, liveOrNull == null || !merged.equals(liveOrNull));
  }

  /**
   * Records ownership for a non-apply write (create, update, patch): changed or added fields move
   * to {@code manager}'s {@code operation} entry, fields no longer present leave every entry, empty
   * entries are dropped. If {@code updated} carries non-empty managedFields (and this is not a
   * subresource write) they are taken as the client's reset of ownership; {@code [{}]} thus clears
   * all entries, while an absent or empty list keeps the stored ones (as kube-apiserver does).
   *
   * @return a copy of {@code updated} with {@code metadata.managedFields} rewritten
   */
  public static ObjectNode recordUpdate(
      ObjectNode oldOrNull,
      ObjectNode updated,
      String manager,
      String operation,
      String subresource,
      ListSchema schema,
      String apiVersion,
      String nowRfc3339) {
    JsonNode sent = updated.path("metadata").path("managedFields");
    boolean reset =
        sent.isArray() && sent.size() > 0 && (subresource == null || subresource.isEmpty());
    List<ManagedFieldsEntry> entries = ManagedFieldsEntry.read(reset ? updated : oldOrNull);
    ObjectNode result = updated.deepCopy();
    if (result.get("metadata") instanceof ObjectNode meta) {
      meta.remove("managedFields");
    }
    Map<List<String>, JsonNode> before = FieldPaths.leaves(oldOrNull, schema);
    Map<List<String>, JsonNode> after = FieldPaths.leaves(result, schema);
    Set<List<String>> changed = new LinkedHashSet<>();
    after.forEach(
        (path, value) -> {
          if (!FieldPaths.same(before.get(path), value)) {
            changed.add(path);
          }
        });
    Set<List<String>> removed = new HashSet<>(before.keySet());
    removed.removeAll(after.keySet());

    for (ManagedFieldsEntry e : entries) {
      e.fields.removeAll(removed);
      e.fields.retainAll(after.keySet());
    }
    ManagedFieldsEntry mine = entry(entries, manager, operation, subresource, apiVersion);
    for (ManagedFieldsEntry e : entries) {
      if (e != mine) {
        e.fields.removeAll(changed);
      }
    }
    if (!mine.fields.containsAll(changed) || mine.time == null) {
      mine.time = nowRfc3339;
    }
    mine.fields.addAll(changed);
    ManagedFieldsEntry.write(result, entries);
    return result;
  }

  /** The entry with this identity, appended (empty, without time) when missing. */
  private static ManagedFieldsEntry entry(
      List<ManagedFieldsEntry> entries,
      String manager,
      String operation,
      String subresource,
      String apiVersion) {
    for (ManagedFieldsEntry e : entries) {
      if (e.is(manager, operation, subresource, apiVersion)) {
        return e;
      }
    }
    ManagedFieldsEntry created =
        new ManagedFieldsEntry(manager, operation, subresource, apiVersion, null, Set.of());
    entries.add(created);
    return created;
  }

  private static Set<List<String>> changedPaths(
      Map<List<String>, JsonNode> before, Map<List<String>, JsonNode> after) {
    Set<List<String>> changed = new HashSet<>();
    after.forEach(
        (path, value) -> {
          if (!FieldPaths.same(before.get(path), value)) {
            changed.add(path);
          }
        });
    before.keySet().stream().filter(p -> !after.containsKey(p)).forEach(changed::add);
    return changed;
  }
}
