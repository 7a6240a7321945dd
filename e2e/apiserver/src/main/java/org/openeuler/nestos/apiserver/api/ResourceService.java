package org.openeuler.nestos.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.ResourceType;
import org.openeuler.nestos.apiserver.store.ObjectFilter;
import org.openeuler.nestos.apiserver.store.ObjectKey;
import org.openeuler.nestos.apiserver.store.ObjectStore;

/**
 * The verbs of the Kubernetes API over the {@link ObjectStore}, with kube-apiserver semantics:
 * system metadata, {@code generation} bumps on spec changes only, resourceVersion preconditions,
 * the status subresource split, admission of custom resources, managed fields, finalizers and
 * garbage collection through owner references.
 */
public final class ResourceService {

  private final ObjectStore store;
  private final ResourceRegistry registry;
  private final Admission admission;
  private final ManagedFieldsTracker managedFields;
  private final GarbageCollector collector;

  public ResourceService(ObjectStore store, ResourceRegistry registry, Admission admission) {
    this.store = store;
    this.registry = registry;
    this.admission = admission;
    this.managedFields = new ManagedFieldsTracker();
    this.collector = new GarbageCollector(store, registry, this);
  }

  public ObjectStore store() {
    return store;
  }

  public ResourceRegistry registry() {
    return registry;
  }

  public ManagedFieldsTracker managedFields() {
    return managedFields;
  }

  public ObjectNode get(ResourceType type, String namespace, String name) {
    return store.get(key(type, namespace, name)).orElseThrow(() -> notFound(type, name));
  }

  public ObjectStore.Listing list(ResourceType type, String namespace, ObjectFilter filter) {
    return store.list(type.group(), type.plural(), namespace, filter);
  }

  /** POST: a new object. */
  public Result create(ResourceType type, String namespace, ObjectNode body, WriteOptions options) {
    checkKind(type, body);
    ObjectNode object = body.deepCopy();
    scopeNamespace(type, namespace, object);
    ObjectMeta.initialise(object, type.kind());
    ObjectMeta.dropEmptyCollections(object);
    if (!ObjectMeta.tracksGeneration(type)) {
      object.withObject("metadata").remove("generation");
    }
    if (type.crd() != null && type.hasStatus()) {
      object.remove("status");
    }
    List<String> warnings = new java.util.ArrayList<>();
    object = admission.admit(type, object, null, options, warnings);
    ObjectKey key = key(type, namespace, object.path("metadata").path("name").asText());
    ObjectNode admitted =
        managedFields.recordUpdate(type, null, object, options.fieldManager(), "");
    return store.atomically(
        () -> {
          if (store.get(key).isPresent()) {
            throw ApiException.alreadyExists(type.group(), type.plural(), key.name());
          }
          ObjectNode stored = options.dryRun() ? admitted : store.put(key, admitted);
          afterWrite(type, stored);
          if (!options.dryRun()) {
            collector.collectIfOrphaned(key, stored);
          }
          return new Result(stored, 201, warnings);
        });
  }

  /** PUT on the object ({@code subresource} "") or on its status ("status"). */
  public Result update(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      ObjectNode body,
      WriteOptions options) {
    checkKind(type, body);
    ObjectKey key = key(type, namespace, name);
    return store.atomically(
        () -> {
          ObjectNode stored = store.get(key).orElseThrow(() -> notFound(type, name));
          String expectedRv = body.path("metadata").path("resourceVersion").asText("");
          if (!expectedRv.isEmpty()
              && !expectedRv.equals(stored.path("metadata").path("resourceVersion").asText())) {
            throw ApiException.conflict(
                type.group(),
                type.plural(),
                name,
                "the object has been modified; please apply your changes to the latest version and try again");
          }
          if (!name.equals(body.path("metadata").path("name").asText(name))) {
            throw ApiException.badRequest(
                "the name of the object ("
                    + body.path("metadata").path("name").asText()
                    + ") does not match the name on the URL ("
                    + name
                    + ")");
          }
          return replace(type, key, stored, body, subresource, options);
        });
  }

  /**
   * Stores {@code desired} in place of {@code stored} (already read under the store lock): keeps
   * what the subresource may not change, bumps generation on spec changes, admits, tracks managed
   * fields, skips no-op writes and completes a deletion whose last finalizer went away.
   */
  Result replace(
      ResourceType type,
      ObjectKey key,
      ObjectNode stored,
      ObjectNode desired,
      String subresource,
      WriteOptions options) {
    ObjectNode next;
    if ("status".equals(subresource)) {
      next = stored.deepCopy();
      if (desired.has("status")) {
        next.set("status", desired.get("status"));
      } else {
        next.remove("status");
      }
      if (ManagedFieldsTracker.ALREADY_RECORDED.equals(options.fieldManager())) {
        next.withObject("metadata")
            .set("managedFields", desired.path("metadata").path("managedFields"));
      }
    } else {
      next = desired.deepCopy();
      scopeNamespace(type, key.namespace(), next);
      if (type.hasStatus()) {
        if (stored.has("status")) {
          next.set("status", stored.get("status"));
        } else {
          next.remove("status");
        }
      }
      ObjectMeta.keepSystemFields(stored, next);
      ObjectMeta.dropEmptyCollections(next);
      if (!next.path("metadata").has("managedFields")
          && stored.path("metadata").has("managedFields")) {
        next.withObject("metadata")
            .set("managedFields", stored.path("metadata").get("managedFields"));
      }
      if (ObjectMeta.tracksGeneration(type) && ObjectMeta.specChanged(stored, next)) {
        next.withObject("metadata")
            .put("generation", stored.path("metadata").path("generation").asLong(0) + 1);
      }
    }
    next.withObject("metadata")
        .put("resourceVersion", stored.path("metadata").path("resourceVersion").asText());
    List<String> warnings = new java.util.ArrayList<>();
    next = admission.admit(type, next, stored, options, warnings);
    next = managedFields.recordUpdate(type, stored, next, options.fieldManager(), subresource);
    if (ObjectMeta.sameContent(stored, next)) {
      return new Result(stored, 200, warnings);
    }
    if (options.dryRun()) {
      return new Result(next, 200, warnings);
    }
    if (ObjectMeta.isDeleting(next) && !ObjectMeta.hasFinalizers(next)) {
      store.put(key, next);
      ObjectNode gone = store.remove(key).orElseThrow();
      collector.ownerRemoved(gone);
      return new Result(gone, 200, warnings);
    }
    ObjectNode result = store.put(key, next);
    afterWrite(type, result);
    collector.collectIfOrphaned(key, result);
    return new Result(result, 200, warnings);
  }

  /**
   * DELETE: finalizers first (deletionTimestamp), then removal and garbage collection of
   * dependents.
   */
  public Result delete(
      ResourceType type,
      String namespace,
      String name,
      JsonNode deleteOptions,
      WriteOptions options) {
    ObjectKey key = key(type, namespace, name);
    String propagation =
        deleteOptions == null ? "" : deleteOptions.path("propagationPolicy").asText("");
    Result result =
        store.atomically(
            () -> {
              ObjectNode stored = store.get(key).orElseThrow(() -> notFound(type, name));
              JsonNode preconditions =
                  deleteOptions == null ? null : deleteOptions.get("preconditions");
              checkPreconditions(type, name, stored, preconditions);
              if (options.dryRun()) {
                return new Result(stored, 200, List.of());
              }
              if ("Orphan".equals(propagation)) {
                collector.orphanDependents(ObjectMeta.uid(stored));
              } else if ("Foreground".equals(propagation)) {
                collector.deleteDependents(ObjectMeta.uid(stored));
              }
              if (ObjectMeta.hasFinalizers(stored)) {
                if (ObjectMeta.isDeleting(stored)) {
                  return new Result(stored, 200, List.of());
                }
                ObjectNode marked = stored.deepCopy();
                marked.withObject("metadata").put("deletionTimestamp", ObjectMeta.now());
                marked.withObject("metadata").put("deletionGracePeriodSeconds", 0);
                return new Result(store.put(key, marked), 200, List.of());
              }
              ObjectNode gone = store.remove(key).orElseThrow();
              afterDelete(type, gone);
              return new Result(gone, 200, List.of());
            });
    if (!options.dryRun() && !ObjectMeta.hasFinalizers(result.object())) {
      collector.ownerRemoved(result.object());
    }
    return result;
  }

  private void checkPreconditions(
      ResourceType type, String name, ObjectNode stored, JsonNode preconditions) {
    if (preconditions == null || preconditions.isNull()) {
      return;
    }
    String uid = preconditions.path("uid").asText("");
    if (!uid.isEmpty() && !uid.equals(ObjectMeta.uid(stored))) {
      throw ApiException.conflict(
          type.group(),
          type.plural(),
          name,
          "Precondition failed: UID in precondition: "
              + uid
              + ", UID in object meta: "
              + ObjectMeta.uid(stored));
    }
    String rv = preconditions.path("resourceVersion").asText("");
    if (!rv.isEmpty() && !rv.equals(stored.path("metadata").path("resourceVersion").asText())) {
      throw ApiException.conflict(
          type.group(),
          type.plural(),
          name,
          "Precondition failed: ResourceVersion in precondition: "
              + rv
              + ", ResourceVersion in object meta: "
              + stored.path("metadata").path("resourceVersion").asText());
    }
  }

  /** CustomResourceDefinitions served through the API extend the API itself. */
  private void afterWrite(ResourceType type, ObjectNode stored) {
    if (type.group().equals("apiextensions.k8s.io")
        && type.plural().equals("customresourcedefinitions")) {
      registry.addCrd(stored);
    }
  }

  private void afterDelete(ResourceType type, ObjectNode gone) {
    if (type.group().equals("apiextensions.k8s.io")
        && type.plural().equals("customresourcedefinitions")) {
      registry.removeCrd(gone.path("metadata").path("name").asText());
    }
  }

  private static void checkKind(ResourceType type, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    String kind = body.path("kind").asText("");
    String apiVersion = body.path("apiVersion").asText("");
    if ((!kind.isEmpty() && !kind.equals(type.kind()))
        || (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion()))) {
      throw ApiException.badRequest(
          "the API version in the data ("
              + apiVersion
              + ") and kind ("
              + kind
              + ") do not match the resource "
              + type.apiVersion()
              + " "
              + type.kind());
    }
    ((ObjectNode) body).put("apiVersion", type.apiVersion());
    ((ObjectNode) body).put("kind", type.kind());
  }

  private static void scopeNamespace(ResourceType type, String namespace, ObjectNode object) {
    ObjectNode meta = object.withObject("metadata");
    if (!type.namespaced()) {
      meta.remove("namespace");
      return;
    }
    String declared = meta.path("namespace").asText("");
    if (!declared.isEmpty()
        && namespace != null
        && !namespace.isEmpty()
        && !declared.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the"
              + " request");
    }
    meta.put("namespace", namespace == null || namespace.isEmpty() ? declared : namespace);
  }

  public static ObjectKey key(ResourceType type, String namespace, String name) {
    return new ObjectKey(type.group(), type.plural(), type.namespaced() ? namespace : "", name);
  }

  private static ApiException notFound(ResourceType type, String name) {
    return ApiException.notFound(type.group(), type.plural(), name);
  }

  /**
   * The outcome of a write: the object as stored (or as it would be, on dry run), HTTP code and
   * warnings.
   */
  public record Result(ObjectNode object, int code, List<String> warnings) {}
}
