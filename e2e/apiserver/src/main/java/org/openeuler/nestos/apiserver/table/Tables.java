package org.openeuler.nestos.apiserver.table;

import static org.openeuler.nestos.apiserver.registry.JsonNodes.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.apiserver.registry.JsonNodes;
import org.openeuler.nestos.apiserver.registry.PrinterColumn;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * Server-side printing: {@code meta.k8s.io/v1 Table} responses, served when the client sends {@code
 * Accept: application/json;as=Table;v=v1;g=meta.k8s.io,...} (kubectl get with human-readable
 * output).
 *
 * <p>Columns are {@code Name} then the type's printer columns. CRD cells follow kube-apiserver's
 * CRD table convertor: only the <em>first</em> JSONPath result is used, a missing value is a {@code
 * null} cell (kubectl prints {@code <none>}), a value of the wrong JSON type is {@code null}, and
 * {@code date} columns are rendered as ages ({@code 5m}, {@code 2d3h}) by the server. The server
 * should set {@code metadata.resourceVersion} of the table.
 *
 * <p>Watches ({@code kubectl get -w}): each event's object is a one-row Table; like kube-apiserver,
 * only the first event of a watch carries {@code columnDefinitions} (later ones have them empty).
 */
public final class Tables {

  private static final JsonNodeFactory F = JsonNodes.F;

  private Tables() {}

  /**
   * A table of {@code objects}; {@code includeObjectMetadata} → rows carry PartialObjectMetadata,
   * else no object.
   */
  public static ObjectNode build(
      ResourceType type, List<JsonNode> objects, boolean includeObjectMetadata, Instant now) {
    return build(
        type,
        objects,
        includeObjectMetadata ? IncludeObject.METADATA : IncludeObject.NONE,
        true,
        now);
  }

  public static ObjectNode build(
      ResourceType type,
      List<JsonNode> objects,
      IncludeObject include,
      boolean includeHeaders,
      Instant now) {
    ObjectNode table = JsonNodes.typed("Table", "meta.k8s.io/v1");
    table.putObject("metadata");
    ArrayNode defs = table.putArray("columnDefinitions");
    if (includeHeaders) {
      defs.add(
          column(
              "Name",
              "string",
              "name",
              "Name must be unique within a namespace. Is required when "
                  + "creating resources, although some resources may allow a client to request the generation "
                  + "of an appropriate name automatically.",
              0));
      type.printerColumns()
          .forEach(
              c -> defs.add(column(c.name(), c.type(), c.format(), c.description(), c.priority())));
    }
    ArrayNode rows = table.putArray("rows");
    objects.forEach(o -> rows.add(row(type, o, include, now)));
    return table;
  }

  /**
   * The object of one watch event ({@code {"type":..., "object": <this>}}) for {@code kubectl get
   * -w}.
   */
  public static ObjectNode buildWatchEventObject(
      ResourceType type, JsonNode object, IncludeObject include, boolean firstEvent, Instant now) {
    ObjectNode table = build(type, List.of(object), include, firstEvent, now);
    ((ObjectNode) table.get("metadata"))
        .put("resourceVersion", object.path("metadata").path("resourceVersion").asText(""));
    return table;
  }

  /** A whole watch event: {@code {"type": eventType, "object": Table}}. */
  public static ObjectNode watchEvent(
      String eventType,
      ResourceType type,
      JsonNode object,
      IncludeObject include,
      boolean firstEvent,
      Instant now) {
    ObjectNode event = object().put("type", eventType);
    event.set("object", buildWatchEventObject(type, object, include, firstEvent, now));
    return event;
  }

  private static ObjectNode column(
      String name, String type, String format, String description, int priority) {
    return object()
        .put("name", name)
        .put("type", type)
        .put("format", format)
        .put("description", description)
        .put("priority", priority);
  }

  private static ObjectNode row(
      ResourceType type, JsonNode obj, IncludeObject include, Instant now) {
    ObjectNode row = object();
    ArrayNode cells = row.putArray("cells");
    cells.add(obj.path("metadata").path("name").asText(""));
    for (PrinterColumn column : type.printerColumns()) {
      Optional<Object> computed = BuiltinCells.cell(type, column.name(), obj);
      cells.add(computed.map(Tables::node).orElseGet(() -> cell(column, obj, now)));
    }
    switch (include) {
      case OBJECT -> row.set("object", obj);
      case METADATA -> {
        ObjectNode partial = JsonNodes.typed("PartialObjectMetadata", "meta.k8s.io/v1");
        partial.set("metadata", obj.path("metadata").isObject() ? obj.get("metadata") : object());
        row.set("object", partial);
      }
      case NONE -> {}
    }
    return row;
  }

  private static JsonNode node(Object value) {
    return value instanceof Long l ? F.numberNode(l) : F.textNode(String.valueOf(value));
  }

  static JsonNode cell(PrinterColumn column, JsonNode obj, Instant now) {
    List<JsonNode> results = JsonPathEvaluator.evaluate(obj, column.jsonPath());
    if (results.isEmpty()) {
      return F.nullNode();
    }
    JsonNode value = results.get(0);
    return switch (column.type()) {
      case "integer" -> value.isNumber() ? F.numberNode(value.asLong()) : F.nullNode();
      case "number" -> value.isNumber() ? F.numberNode(value.asDouble()) : F.nullNode();
      case "boolean" -> value.isBoolean() ? value : F.nullNode();
      case "date" ->
          value.isTextual() ? F.textNode(HumanDuration.since(value.asText(), now)) : F.nullNode();
      default -> F.textNode(JsonPathEvaluator.asText(value));
    };
  }
}
