package org.openeuler.nestos.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@code apiextensions.k8s.io/v1} CustomResourceDefinition into one {@link ResourceType}
 * per served version.
 */
final class CrdTypes {

  private CrdTypes() {}

  static String name(JsonNode crd) {
    String name = crd.path("metadata").path("name").asText("");
    if (!name.isEmpty()) {
      return name;
    }
    JsonNode spec = crd.path("spec");
    return spec.path("names").path("plural").asText() + "." + spec.path("group").asText();
  }

  static List<ResourceType> of(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String group = spec.path("group").asText();
    String plural = names.path("plural").asText();
    String kind = names.path("kind").asText();
    if (group.isEmpty() || plural.isEmpty() || kind.isEmpty()) {
      throw new IllegalArgumentException(
          "CRD needs spec.group, spec.names.plural and spec.names.kind");
    }
    String singular = names.path("singular").asText(kind.toLowerCase(Locale.ROOT));
    String listKind = names.path("listKind").asText(kind + "List");
    boolean namespaced = !"Cluster".equals(spec.path("scope").asText("Namespaced"));
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(true)) {
        continue;
      }
      List<String> subresources = new ArrayList<>();
      v.path("subresources").fieldNames().forEachRemaining(subresources::add);
      JsonNode schema = v.path("schema").path("openAPIV3Schema");
      types.add(
          new ResourceType(
              group,
              v.path("name").asText(),
              plural,
              singular,
              kind,
              listKind,
              namespaced,
              strings(names.path("shortNames")),
              strings(names.path("categories")),
              Builtins.CRUD,
              subresources,
              columns(v.path("additionalPrinterColumns")),
              schema.isMissingNode() || schema.isNull() ? null : schema,
              crd));
    }
    return types;
  }

  private static List<PrinterColumn> columns(JsonNode columns) {
    if (!columns.isArray() || columns.isEmpty()) {
      return List.of(PrinterColumn.age());
    }
    List<PrinterColumn> result = new ArrayList<>();
    for (JsonNode c : columns) {
      result.add(
          new PrinterColumn(
              c.path("name").asText(),
              c.path("type").asText("string"),
              c.path("format").asText(""),
              c.path("description").asText(""),
              c.path("priority").asInt(0),
              c.path("jsonPath").asText()));
    }
    return result;
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(n -> result.add(n.asText()));
    return result;
  }
}
