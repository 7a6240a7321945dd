package org.openeuler.nestos.apiserver.openapi;

import static org.openeuler.nestos.apiserver.registry.JsonNodes.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * The kind and list-kind schemas of one resource type, for OpenAPI v3 ({@code v2=false}) or Swagger
 * 2.0.
 */
final class KindSchemas {

  /**
   * OpenAPI v3 keywords Swagger 2.0 has no room for; kube drops them when publishing CRDs in v2.
   */
  private static final List<String> NOT_IN_V2 = List.of("nullable", "anyOf", "oneOf", "not");

  private final String refPrefix;
  private final boolean v2;

  KindSchemas(boolean v2) {
    this.v2 = v2;
    this.refPrefix = v2 ? "#/definitions/" : "#/components/schemas/";
  }

  /**
   * Adds the kind schema, its list schema and the meta schemas they reference to {@code schemas}.
   */
  void addTo(ObjectNode schemas, ResourceType type, boolean withGvk) {
    schemas.set(Schemas.OBJECT_META, Schemas.objectMeta());
    schemas.set(Schemas.LIST_META, Schemas.listMeta());
    ObjectNode kind = kindSchema(type);
    ObjectNode list = listSchema(type);
    if (withGvk) {
      kind.set("x-kubernetes-group-version-kind", Schemas.gvkArray(type, type.kind()));
      list.set("x-kubernetes-group-version-kind", Schemas.gvkArray(type, type.listKind()));
    }
    schemas.set(Schemas.name(type, type.kind()), kind);
    schemas.set(Schemas.name(type, type.listKind()), list);
  }

  String ref(ResourceType type, String kind) {
    return refPrefix + Schemas.name(type, kind);
  }

  private ObjectNode kindSchema(ResourceType type) {
    ObjectNode schema =
        type.openApiV3Schema() != null ? type.openApiV3Schema().deepCopy() : builtin(type);
    if (v2) {
      stripV3Only(schema);
    }
    schema.put("type", "object");
    if (!schema.has("description")) {
      schema.put("description", type.kind() + " (" + type.apiVersion() + ").");
    }
    ObjectNode properties =
        schema.has("properties")
            ? (ObjectNode) schema.get("properties")
            : schema.putObject("properties");
    Schemas.typeMeta(properties);
    properties.set("metadata", metaProperty(Schemas.OBJECT_META, "Standard object's metadata."));
    return schema;
  }

  private ObjectNode listSchema(ResourceType type) {
    ObjectNode schema =
        object()
            .put("type", "object")
            .put("description", type.listKind() + " is a list of " + type.kind() + ".");
    schema.putArray("required").add("items");
    ObjectNode properties = schema.putObject("properties");
    Schemas.typeMeta(properties);
    ObjectNode items =
        properties
            .putObject("items")
            .put("type", "array")
            .put("description", "List of " + type.plural() + ".");
    items.set("items", object().put("$ref", ref(type, type.kind())));
    properties.set("metadata", metaProperty(Schemas.LIST_META, "Standard list metadata."));
    return schema;
  }

  private ObjectNode metaProperty(String schemaName, String description) {
    if (v2) {
      return Schemas.ref(refPrefix, schemaName).put("description", description);
    }
    return Schemas.refProperty(refPrefix, schemaName, description);
  }

  private static ObjectNode builtin(ResourceType type) {
    ObjectNode schema =
        object()
            .put("type", "object")
            .put(
                "description",
                type.kind()
                    + " ("
                    + type.apiVersion()
                    + "); the test API server publishes only a minimal schema for built-in types.");
    ObjectNode properties = schema.putObject("properties");
    properties.set("spec", Schemas.looseObject("Desired state."));
    if (type.hasStatus()) {
      properties.set("status", Schemas.looseObject("Observed state."));
    }
    return schema;
  }

  private static void stripV3Only(JsonNode schema) {
    if (!schema.isObject()) {
      return;
    }
    ((ObjectNode) schema).remove(NOT_IN_V2);
    schema.path("properties").forEach(KindSchemas::stripV3Only);
    schema.path("allOf").forEach(KindSchemas::stripV3Only);
    stripV3Only(schema.path("items"));
    stripV3Only(schema.path("additionalProperties"));
  }
}
