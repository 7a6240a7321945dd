package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** One mutable {@code metadata.managedFields} entry with its decoded field set. */
final class ManagedFieldsEntry {

  static final String APPLY = "Apply";

  final String manager;
  final String operation;
  final String subresource;
  String apiVersion;
  String time;
  Set<List<String>> fields;

  ManagedFieldsEntry(
      String manager,
      String operation,
      String subresource,
      String apiVersion,
      String time,
      Set<List<String>> fields) {
    this.manager = manager;
    this.operation = operation;
    this.subresource = subresource == null ? "" : subresource;
    this.apiVersion = apiVersion;
    this.time = time;
    this.fields = new LinkedHashSet<>(fields);
  }

  /**
   * Whether this entry is the one identified by manager, operation, subresource (and version for
   * Update).
   */
  boolean is(String manager, String operation, String subresource, String apiVersion) {
    return this.manager.equals(manager)
        && this.operation.equals(operation)
        && this.subresource.equals(subresource == null ? "" : subresource)
        && (APPLY.equals(operation) || Objects.equals(this.apiVersion, apiVersion));
  }

  /** Reads {@code metadata.managedFields} of {@code object} (empty when absent). */
  static List<ManagedFieldsEntry> read(JsonNode object) {
    List<ManagedFieldsEntry> entries = new ArrayList<>();
    JsonNode list = object == null ? null : object.path("metadata").get("managedFields");
    if (list != null && list.isArray()) {
      for (JsonNode e : list) {
        entries.add(
            new ManagedFieldsEntry(
                e.path("manager").asText(""),
                e.path("operation").asText(""),
                e.path("subresource").asText(""),
                e.path("apiVersion").asText(null),
                e.path("time").asText(null),
                FieldsV1.decode(e.get("fieldsV1"))));
      }
    }
    return entries;
  }

  /**
   * Writes non-empty entries to {@code object.metadata.managedFields}, removing the field when
   * none.
   */
  static void write(ObjectNode object, List<ManagedFieldsEntry> entries) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (ManagedFieldsEntry e : entries) {
      if (!e.fields.isEmpty()) {
        list.add(e.toJson());
      }
    }
    JsonNode metadata = object.get("metadata");
    if (list.isEmpty()) {
      if (metadata instanceof ObjectNode m) {
        m.remove("managedFields");
      }
      return;
    }
    if (!(metadata instanceof ObjectNode)) {
      metadata = object.putObject("metadata");
    }
    ((ObjectNode) metadata).set("managedFields", list);
  }

  private ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("manager", manager);
    json.put("operation", operation);
    if (apiVersion != null) {
      json.put("apiVersion", apiVersion);
    }
    if (time != null) {
      json.put("time", time);
    }
    json.put("fieldsType", "FieldsV1");
    json.set("fieldsV1", FieldsV1.encode(fields));
    if (!subresource.isEmpty()) {
      json.put("subresource", subresource);
    }
    return json;
  }
}
