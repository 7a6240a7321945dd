package org.openeuler.nestos.apiserver.openapi;

import static org.openeuler.nestos.apiserver.registry.JsonNodes.object;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * OpenAPI v3 path items for one resource type. Every write operation declares the {@code
 * fieldValidation} query parameter and every operation carries {@code
 * x-kubernetes-group-version-kind} (a single object, as kube publishes it on operations) so
 * kubectl's field-validation check finds it (see {@link OpenApiV3}).
 *
 * <p>PATCH request bodies deliberately omit {@code application/strategic-merge-patch+json}: kubectl
 * apply would otherwise compute strategic merge patches from these minimal built-in schemas;
 * without it kubectl falls back to its compiled-in types (built-ins) or JSON merge patch (custom
 * resources).
 */
final class Operations {

  private static final String REF = "#/components/schemas/";
  private static final List<String> PATCH_TYPES =
      List.of(
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/apply-patch+yaml");

  private Operations() {}

  static void addTo(ObjectNode paths, ResourceType type, String kindRef, String listRef) {
    String prefix =
        "/"
            + OpenApiV3.groupVersionPath(type.group(), type.version())
            + (type.namespaced() ? "/namespaces/{namespace}/" : "/")
            + type.plural();
    boolean crud = type.verbs().contains("get");
    ObjectNode collection = pathItem(type, false);
    if (type.verbs().contains("list")) {
      collection.set("get", op(type, "list", "list", listRef));
    }
    collection.set("post", write(type, "post", "create", kindRef));
    if (type.verbs().contains("deletecollection")) {
      collection.set(
          "delete", op(type, "deletecollection", "deletecollection", REF + Schemas.STATUS));
    }
    paths.set(prefix, collection);
    if (!crud) {
      return;
    }
    paths.set(prefix + "/{name}", item(type, kindRef, true));
    if (type.hasStatus()) {
      paths.set(prefix + "/{name}/status", item(type, kindRef, false));
    }
  }

  private static ObjectNode item(ResourceType type, String kindRef, boolean deletable) {
    ObjectNode item = pathItem(type, true);
    item.set("get", op(type, "get", "get", kindRef));
    item.set("put", write(type, "put", "update", kindRef));
    item.set("patch", write(type, "patch", "patch", kindRef));
    if (deletable) {
      item.set("delete", op(type, "delete", "delete", REF + Schemas.STATUS));
    }
    return item;
  }

  private static ObjectNode pathItem(ResourceType type, boolean named) {
    ObjectNode item = object();
    ArrayNode params = item.putArray("parameters");
    if (named) {
      params.add(param("name", "path", "name of the " + type.kind()).put("required", true));
    }
    if (type.namespaced()) {
      params.add(
          param("namespace", "path", "object name and auth scope, such as for teams and projects")
              .put("required", true));
    }
    params.add(param("pretty", "query", "If 'true', then the output is pretty printed."));
    return item;
  }

  private static ObjectNode op(ResourceType type, String verb, String action, String responseRef) {
    ObjectNode op =
        object()
            .put("description", verb + " " + type.kind())
            .put("operationId", verb + type.kind());
    op.putArray("tags").add(OpenApiV3.groupVersionPath(type.group(), type.version()));
    op.putArray("parameters");
    op.putObject("responses")
        .putObject("200")
        .put("description", "OK")
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", responseRef);
    op.put("x-kubernetes-action", action);
    op.set("x-kubernetes-group-version-kind", Schemas.gvk(type, type.kind()));
    return op;
  }

  private static ObjectNode write(ResourceType type, String verb, String action, String kindRef) {
    ObjectNode op = op(type, verb, action, kindRef);
    ArrayNode params = (ArrayNode) op.get("parameters");
    params.add(
        param(
            "dryRun",
            "query",
            "When present, indicates that modifications should not be persisted."));
    params.add(
        param(
            "fieldManager", "query", "A name associated with the actor or entity making changes."));
    params.add(
        param(
            "fieldValidation",
            "query",
            "How the server handles unknown or duplicate fields: Ignore, "
                + "Warn (default) or Strict."));
    ObjectNode content = object();
    if ("patch".equals(verb)) {
      params.add(param("force", "query", "Force is going to \"force\" Apply requests."));
      PATCH_TYPES.forEach(
          t -> content.putObject(t).putObject("schema").put("$ref", REF + Schemas.PATCH));
    } else {
      content.putObject("application/json").putObject("schema").put("$ref", kindRef);
    }
    op.putObject("requestBody").put("required", true).set("content", content);
    return op;
  }

  private static ObjectNode param(String name, String in, String description) {
    ObjectNode p = object().put("name", name).put("in", in).put("description", description);
    p.putObject("schema").put("type", "string").put("uniqueItems", true);
    return p;
  }
}
