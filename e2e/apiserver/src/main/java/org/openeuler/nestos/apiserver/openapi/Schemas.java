package org.openeuler.nestos.apiserver.openapi;

import static org.openeuler.nestos.apiserver.registry.JsonNodes.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.apiserver.registry.JsonNodes;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/** Schema names and shared meta.k8s.io schemas, as kube-apiserver publishes them. */
final class Schemas {

  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
  static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
  static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
  static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";

  private static final Map<String, String> BUILTIN_PREFIX =
      Map.of(
          "", "io.k8s.api.core",
          "apiextensions.k8s.io", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions");

  private Schemas() {}

  /**
   * Schema name: {@code io.k8s.api.core.v1.Pod} for built-ins, reversed group for CRDs ({@code
   * nestos.openeuler.org} → {@code org.openeuler.nestos.v1alpha1.OSVersion}).
   */
  static String name(ResourceType type, String kind) {
    return prefix(type) + "." + type.version() + "." + kind;
  }

  private static String prefix(ResourceType type) {
    String group = type.group();
    if (BUILTIN_PREFIX.containsKey(group)) {
      return BUILTIN_PREFIX.get(group);
    }
    if (!type.isCustom()) {
      return "io.k8s.api."
          + (group.endsWith(".k8s.io") ? group.substring(0, group.indexOf('.')) : group);
    }
    List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts);
  }

  /**
   * The {@code x-kubernetes-group-version-kind} value: an array on schemas, a single object on
   * operations.
   */
  static ObjectNode gvk(ResourceType type, String kind) {
    return object().put("group", type.group()).put("kind", kind).put("version", type.version());
  }

  static ArrayNode gvkArray(ResourceType type, String kind) {
    ArrayNode array = JsonNodes.F.arrayNode();
    array.add(gvk(type, kind));
    return array;
  }

  static ObjectNode ref(String refPrefix, String schemaName) {
    return object().put("$ref", refPrefix + schemaName);
  }

  /**
   * A property that references {@code schemaName} the way kube's v3 documents do ({@code allOf} +
   * description).
   */
  static ObjectNode refProperty(String refPrefix, String schemaName, String description) {
    ObjectNode node = object();
    node.putArray("allOf").add(ref(refPrefix, schemaName));
    node.putObject("default");
    return node.put("description", description);
  }

  static ObjectNode string(String description) {
    return object().put("type", "string").put("description", description);
  }

  static ObjectNode stringMap(String description) {
    ObjectNode node = object().put("type", "object");
    node.putObject("additionalProperties").put("type", "string").put("default", "");
    return node.put("description", description);
  }

  static ObjectNode objectMeta() {
    ObjectNode schema =
        object()
            .put("type", "object")
            .put(
                "description",
                "ObjectMeta is metadata that all "
                    + "persisted resources must have, which includes all objects users must create.");
    ObjectNode p = schema.putObject("properties");
    p.set("name", string("Name must be unique within a namespace."));
    p.set("generateName", string("Optional prefix the server uses to generate a unique name."));
    p.set(
        "namespace", string("Namespace defines the space within which each name must be unique."));
    p.set(
        "labels",
        stringMap(
            "Map of string keys and values that can be used to organize and categorize "
                + "(scope and select) objects."));
    p.set(
        "annotations",
        stringMap(
            "Unstructured key value map stored with a resource that may be set by "
                + "external tools to store and retrieve arbitrary metadata."));
    p.set("uid", string("UID is the unique in time and space value for this object."));
    p.set(
        "resourceVersion",
        string("An opaque value that represents the internal version of this object."));
    p.set(
        "generation",
        object()
            .put("type", "integer")
            .put("format", "int64")
            .put(
                "description",
                "A sequence number representing a specific generation of the desired state."));
    p.set(
        "creationTimestamp",
        string("Server time when this object was created.").put("format", "date-time"));
    p.set(
        "deletionTimestamp",
        string("RFC 3339 date and time at which this resource will be deleted.")
            .put("format", "date-time"));
    p.set(
        "deletionGracePeriodSeconds",
        object()
            .put("type", "integer")
            .put("format", "int64")
            .put("description", "Seconds allowed for graceful termination before removal."));
    p.set(
        "finalizers", stringArray("Must be empty before the object is deleted from the registry."));
    p.set("ownerReferences", objectArray("List of objects depended by this object."));
    p.set(
        "managedFields",
        objectArray("Maps workflow-id and version to the set of fields managed by it."));
    return schema;
  }

  static ObjectNode listMeta() {
    ObjectNode schema =
        object()
            .put("type", "object")
            .put("description", "ListMeta describes metadata that synthetic resources must have.");
    ObjectNode p = schema.putObject("properties");
    p.set("resourceVersion", string("Identifies the server's internal version of this list."));
    p.set("continue", string("Set if the user should continue listing with a continue token."));
    p.set("remainingItemCount", object().put("type", "integer").put("format", "int64"));
    return schema;
  }

  static ObjectNode looseObject(String description) {
    return object()
        .put("type", "object")
        .put("description", description)
        .put("x-kubernetes-preserve-unknown-fields", true);
  }

  private static ObjectNode stringArray(String description) {
    ObjectNode node = object().put("type", "array").put("description", description);
    node.putObject("items").put("type", "string").put("default", "");
    return node;
  }

  private static ObjectNode objectArray(String description) {
    ObjectNode node = object().put("type", "array").put("description", description);
    node.putObject("items").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    return node;
  }

  /** Descriptions kube-apiserver fills in for {@code apiVersion}/{@code kind}. */
  static void typeMeta(ObjectNode properties) {
    properties.set(
        "apiVersion",
        string(
            "APIVersion defines the versioned schema of this representation of an " + "object."));
    properties.set(
        "kind",
        string(
            "Kind is a string value representing the REST resource this object " + "represents."));
  }

  static boolean has(JsonNode node, String field) {
    return node != null && node.has(field);
  }
}
