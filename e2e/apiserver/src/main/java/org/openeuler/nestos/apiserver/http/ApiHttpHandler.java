package org.openeuler.nestos.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.openeuler.nestos.apiserver.api.ApiException;
import org.openeuler.nestos.apiserver.api.ResourceService;
import org.openeuler.nestos.apiserver.registry.ResourceType;
import org.openeuler.nestos.apiserver.replay.Exchange;
import org.openeuler.nestos.apiserver.replay.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of every HTTP request: refuses protobuf, counts, routes to discovery, OpenAPI or a
 * resource.
 */
final class ApiHttpHandler implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHttpHandler.class);

  private final ResourceService service;
  private final ResourceHandler resources;
  private final NonResourceEndpoints endpoints;
  private final RequestCounter counter;
  private final Supplier<Recording> recording;

  ApiHttpHandler(
      Vertx vertx,
      ResourceService service,
      RequestCounter counter,
      long bookmarkMillis,
      Supplier<Recording> recording) {
    this.service = service;
    this.recording = recording;
    this.resources = new ResourceHandler(vertx, service, bookmarkMillis);
    this.endpoints = new NonResourceEndpoints(service.registry(), counter);
    this.counter = counter;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.contains("protobuf")) {
      fail(
          request,
          ApiException.unsupportedMediaType(
              "the body of the request was in an unknown format - accepted"
                  + " media types include: application/json, application/yaml"));
      return;
    }
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      dispatch(request, Buffer.buffer());
      return;
    }
    request
        .body()
        .onSuccess(body -> dispatch(request, body))
        .onFailure(
            e ->
                fail(
                    request,
                    ApiException.badRequest("could not read the request body: " + e.getMessage())));
  }

  private void dispatch(HttpServerRequest request, Buffer body) {
    String path = request.path();
    Map<String, String> query = query(request.query());
    ResourceHandler.Responder respond = responder(request, body);
    try {
      Optional<JsonNode> fixed = endpoints.serve(request.method(), path, query);
      if (fixed.isPresent()) {
        respond.json(200, fixed.get(), List.of());
        return;
      }
      ApiPath apiPath =
          ApiPath.parse(
                  path,
                  (g, v, p) ->
                      service.registry().find(g, v, p).map(ResourceType::namespaced).orElse(false))
              .orElseThrow(
                  () ->
                      ApiException.of(
                          404, "NotFound", "the server could not find the requested resource"));
      ResourceType type =
          service
              .registry()
              .find(apiPath.group(), apiPath.version(), apiPath.plural())
              .orElseThrow(
                  () ->
                      ApiException.of(
                          404, "NotFound", "the server could not find the requested resource"));
      String verb = ResourceHandler.verb(request.method(), apiPath, query);
      String resource =
          apiPath.subresource().isEmpty()
              ? type.plural()
              : type.plural() + "/" + apiPath.subresource();
      counter.count(verb, resource, request.getHeader("User-Agent"));
      resources.handle(request, type, apiPath, query, body.getBytes(), verb, respond);
    } catch (ApiException e) {
      respond.json(e.code(), Json.status(e), List.of());
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", request.method(), request.uri(), e);
      ApiException internal =
          ApiException.of(500, "InternalError", "Internal error occurred: " + e);
      respond.json(internal.code(), Json.status(internal), List.of());
    }
  }

  /** Responds, and adds the exchange to the recording when one is on. */
  private ResourceHandler.Responder responder(HttpServerRequest request, Buffer body) {
    Recording into = recording.get();
    if (into == null) {
      return (code, json, warnings) -> respond(request, code, json, warnings);
    }
    String text = body.length() == 0 ? null : body.toString(StandardCharsets.UTF_8);
    return new ResourceHandler.Responder() {
      @Override
      public void json(int code, JsonNode json, List<String> warnings) {
        into.add(exchange(request, text, code, json == null ? null : json.deepCopy(), null));
        respond(request, code, json, warnings);
      }

      @Override
      public void watchOpened(List<JsonNode> initialEvents) {
        into.add(exchange(request, text, 200, null, List.copyOf(initialEvents)));
      }
    };
  }

  private static Exchange exchange(
      HttpServerRequest request, String body, int code, JsonNode json, List<JsonNode> events) {
    return new Exchange(
        0,
        request.method().name(),
        request.uri(),
        request.getHeader("Content-Type"),
        request.getHeader("User-Agent"),
        body,
        code,
        json,
        events,
        null);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static void respond(
      HttpServerRequest request, int code, JsonNode body, List<String> warnings) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return;
    }
    response.setStatusCode(code).putHeader("Content-Type", "application/json");
    for (String warning : warnings) {
      response.headers().add("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
    }
    response.end(Json.write(body));
  }

  private static void fail(HttpServerRequest request, ApiException e) {
    respond(request, e.code(), Json.status(e), List.of());
  }
}
