package org.openeuler.nestos.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openeuler.nestos.apiserver.patch.ApplyConflictException;
import org.openeuler.nestos.apiserver.patch.BuiltinListSchemas;
import org.openeuler.nestos.apiserver.patch.ListSchema;
import org.openeuler.nestos.apiserver.patch.ServerSideApply;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * {@code metadata.managedFields} per manager: server-side apply and the ownership changes of
 * ordinary writes.
 */
public final class ManagedFieldsTracker {

  /**
   * A manager name meaning "managed fields were already computed by apply; store them as they are".
   */
  static final String ALREADY_RECORDED = "\0apply";

  private final Map<String, ListSchema> schemas = new ConcurrentHashMap<>();

  ManagedFieldsTracker() {}

  ListSchema schemaFor(ResourceType type) {
    String cacheKey =
        type.apiVersion()
            + "/"
            + type.kind()
            + "@"
            + System.identityHashCode(type.openApiV3Schema());
    return schemas.computeIfAbsent(
        cacheKey,
        k ->
            type.openApiV3Schema() != null
                ? ListSchema.fromOpenApiV3(type.openApiV3Schema())
                : BuiltinListSchemas.forKind(type.apiVersion(), type.kind()));
  }

  ObjectNode recordUpdate(
      ResourceType type, ObjectNode before, ObjectNode after, String manager, String subresource) {
    if (ALREADY_RECORDED.equals(manager)) {
      return after;
    }
    return ServerSideApply.recordUpdate(
        before,
        after,
        manager,
        "Update",
        subresource,
        schemaFor(type),
        type.apiVersion(),
        ObjectMeta.now());
  }

  ObjectNode apply(
      ResourceType type,
      ObjectNode live,
      ObjectNode applied,
      String manager,
      boolean force,
      String subresource) {
    try {
      return ServerSideApply.apply(
              live, applied, manager, force, subresource, schemaFor(type), ObjectMeta.now())
          .object();
    } catch (ApplyConflictException e) {
      String name = applied.path("metadata").path("name").asText();
      List<ApiException.Cause> causes =
          e.conflicts().stream()
              .map(c -> new ApiException.Cause("FieldManagerConflict", c.causeMessage(), c.field()))
              .toList();
      throw new ApiException(
          409, "Conflict", e.getMessage(), name, type.group(), type.plural(), causes);
    }
  }
}
