package org.openeuler.nestos.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.openeuler.nestos.apiserver.api.ApiException;
import org.openeuler.nestos.apiserver.api.PatchService;
import org.openeuler.nestos.apiserver.api.ResourceService;
import org.openeuler.nestos.apiserver.api.WriteOptions;
import org.openeuler.nestos.apiserver.registry.ResourceType;
import org.openeuler.nestos.apiserver.store.ObjectFilter;
import org.openeuler.nestos.apiserver.store.ObjectStore;
import org.openeuler.nestos.apiserver.store.Selectors;
import org.openeuler.nestos.apiserver.table.IncludeObject;
import org.openeuler.nestos.apiserver.table.Tables;

/**
 * The resource verbs over HTTP: get, list, watch, create, update, patch, delete, plus eviction and
 * reviews.
 */
final class ResourceHandler {

  private final Vertx vertx;
  private final ResourceService service;
  private final PatchService patches;
  private final PolicyEndpoints policy;
  private final long bookmarkMillis;

  ResourceHandler(Vertx vertx, ResourceService service, long bookmarkMillis) {
    this.vertx = vertx;
    this.service = service;
    this.patches = new PatchService(service);
    this.policy = new PolicyEndpoints(service);
    this.bookmarkMillis = bookmarkMillis;
  }

  /** The verb kube's audit log would record for this request. */
  static String verb(HttpMethod method, ApiPath path, Map<String, String> query) {
    boolean watch =
        path.legacyWatch() || "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
    if (method == HttpMethod.GET) {
      return watch ? "watch" : path.isCollection() ? "list" : "get";
    }
    if (method == HttpMethod.POST) {
      return "create";
    }
    if (method == HttpMethod.PUT) {
      return "update";
    }
    if (method == HttpMethod.PATCH) {
      return "patch";
    }
    if (method == HttpMethod.DELETE) {
      return path.isCollection() ? "deletecollection" : "delete";
    }
    return method.name().toLowerCase();
  }

  void handle(
      HttpServerRequest request,
      ResourceType type,
      ApiPath path,
      Map<String, String> query,
      byte[] body,
      String verb,
      Responder respond) {
    String userAgent = request.getHeader("User-Agent");
    boolean table = wantsTable(request.getHeader("Accept"));
    switch (verb) {
      case "get" -> {
        ObjectNode object = service.get(type, path.namespace(), path.name());
        respond.json(
            200,
            table ? Tables.build(type, List.of(object), true, Instant.now()) : object,
            List.of());
      }
      case "list" -> respond.json(200, list(type, path, query, table), List.of());
      case "watch" -> watch(request, type, path, query, table, respond);
      case "create" -> {
        if (type.group().equals("authorization.k8s.io")) {
          respond.json(201, policy.review(type, Json.parse(body, false)), List.of());
        } else if (path.subresource().equals("eviction")) {
          respond.json(
              201,
              policy.evict(
                  path.namespace(),
                  path.name(),
                  Json.parse(body, false),
                  WriteOptions.from(query, userAgent)),
              List.of());
        } else {
          ResourceService.Result r =
              service.create(
                  type, path.namespace(), object(body), WriteOptions.from(query, userAgent));
          respond.json(r.code(), r.object(), r.warnings());
        }
      }
      case "update" -> {
        ResourceService.Result r =
            service.update(
                type,
                path.namespace(),
                path.name(),
                path.subresource(),
                object(body),
                WriteOptions.from(query, userAgent));
        respond.json(r.code(), r.object(), r.warnings());
      }
      case "patch" -> {
        String contentType = request.getHeader("Content-Type");
        boolean apply = contentType != null && contentType.startsWith(PatchService.APPLY_PATCH);
        if (apply && query.getOrDefault("fieldManager", "").isBlank()) {
          throw ApiException.badRequest(
              "PATCH, application/apply-patch+yaml requires fieldManager to be set");
        }
        JsonNode patch = Json.parse(body, apply);
        if (patch == null) {
          throw ApiException.badRequest("a patch needs a body");
        }
        ResourceService.Result r =
            patches.patch(
                type,
                path.namespace(),
                path.name(),
                path.subresource(),
                contentType,
                patch,
                WriteOptions.from(query, userAgent));
        respond.json(r.code(), r.object(), r.warnings());
      }
      case "delete" -> {
        JsonNode options = Json.parse(body, false);
        WriteOptions write = WriteOptions.from(query, userAgent);
        if (options != null && options.path("dryRun").toString().contains("All")) {
          write = new WriteOptions(true, write.fieldManager(), write.fieldValidation(), false);
        }
        if (query.containsKey("propagationPolicy") && options == null) {
          options =
              Json.MAPPER
                  .createObjectNode()
                  .put("propagationPolicy", query.get("propagationPolicy"));
        }
        ResourceService.Result r =
            service.delete(type, path.namespace(), path.name(), options, write);
        respond.json(r.code(), r.object(), r.warnings());
      }
      case "deletecollection" -> {
        ObjectStore.Listing listing = service.list(type, path.namespace(), filter(query));
        WriteOptions write = WriteOptions.from(query, userAgent);
        for (ObjectNode item : listing.items()) {
          service.delete(
              type,
              item.path("metadata").path("namespace").asText(""),
              item.path("metadata").path("name").asText(),
              null,
              write);
        }
        respond.json(200, Json.success(200), List.of());
      }
      default ->
          throw ApiException.of(
              405,
              "MethodNotAllowed",
              "the server does not allow this method on the" + " requested resource");
    }
  }

  private JsonNode list(ResourceType type, ApiPath path, Map<String, String> query, boolean table) {
    ObjectStore.Listing listing = service.list(type, path.namespace(), filter(query));
    if (table) {
      ObjectNode t =
          (ObjectNode) Tables.build(type, List.copyOf(listing.items()), true, Instant.now());
      t.withObject("metadata").put("resourceVersion", Long.toString(listing.resourceVersion()));
      return t;
    }
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("apiVersion", type.apiVersion()).put("kind", type.listKind());
    list.putObject("metadata").put("resourceVersion", Long.toString(listing.resourceVersion()));
    var items = list.putArray("items");
    boolean builtin = type.crd() == null;
    for (ObjectNode item : listing.items()) {
      if (builtin) {
        // kube-apiserver's typed lists carry kind and apiVersion on the list only (custom
        // resources keep them on every item)
        item.remove("apiVersion");
        item.remove("kind");
      }
      items.add(item);
    }
    return list;
  }

  private void watch(
      HttpServerRequest request,
      ResourceType type,
      ApiPath path,
      Map<String, String> query,
      boolean table,
      Responder respond) {
    ObjectFilter filter = filter(query);
    if (!path.isCollection()) {
      String name = path.name();
      ObjectFilter byName = filter;
      filter = (key, object) -> key.name().equals(name) && byName.matches(key, object);
    }
    long since = parseRv(query.get("resourceVersion"));
    long bookmarks = "true".equals(query.get("allowWatchBookmarks")) ? bookmarkMillis : 0;
    long timeout =
        query.containsKey("timeoutSeconds") ? Long.parseLong(query.get("timeoutSeconds")) : 0;
    java.util.concurrent.atomic.AtomicBoolean first =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    IncludeObject include = IncludeObject.parse(query.get("includeObject"));
    UnaryOperator<JsonNode> render =
        table
            ? object ->
                Tables.buildWatchEventObject(
                    type, object, include, first.getAndSet(false), Instant.now())
            : UnaryOperator.identity();
    ObjectFilter finalFilter = filter;
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      request
          .toWebSocket()
          .onSuccess(
              socket ->
                  WatchStream.overWebSocket(vertx, socket, render, respond::watchOpened)
                      .start(
                          service.store(),
                          type.group(),
                          type.plural(),
                          path.namespace(),
                          finalFilter,
                          since,
                          bookmarks,
                          timeout,
                          type.apiVersion(),
                          type.kind()));
    } else {
      WatchStream.overHttp(vertx, request, render, respond::watchOpened)
          .start(
              service.store(),
              type.group(),
              type.plural(),
              path.namespace(),
              finalFilter,
              since,
              bookmarks,
              timeout,
              type.apiVersion(),
              type.kind());
    }
  }

  /**
   * kubectl asks for {@code application/json;as=Table;v=v1;g=meta.k8s.io} (with fallbacks) when
   * printing.
   */
  static boolean wantsTable(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  private static long parseRv(String rv) {
    if (rv == null || rv.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resourceVersion " + rv);
    }
  }

  private static ObjectFilter filter(Map<String, String> query) {
    try {
      return Selectors.of(query.get("labelSelector"), query.get("fieldSelector"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static ObjectNode object(byte[] body) {
    JsonNode node = Json.parse(body, false);
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return object;
  }

  /** Writes a JSON response with optional Warning headers. */
  @FunctionalInterface
  interface Responder {
    void json(int code, JsonNode body, List<String> warnings);

    /** A watch opened and sent these events at once (the recorder keeps them). */
    default void watchOpened(List<JsonNode> initialEvents) {}
  }
}
