package org.openeuler.nestos.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Optional;
import org.openeuler.nestos.apiserver.api.ApiException;
import org.openeuler.nestos.apiserver.discovery.Discovery;
import org.openeuler.nestos.apiserver.openapi.OpenApiV2;
import org.openeuler.nestos.apiserver.openapi.OpenApiV3;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;

/**
 * Everything that is not a resource: version, discovery, OpenAPI, health and the request counter.
 */
final class NonResourceEndpoints {

  private final ResourceRegistry registry;
  private final RequestCounter counter;

  NonResourceEndpoints(ResourceRegistry registry, RequestCounter counter) {
    this.registry = registry;
    this.counter = counter;
  }

  /** The document for a non-resource path, or empty when the path names resources. */
  Optional<JsonNode> serve(HttpMethod method, String path, Map<String, String> query) {
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (p.equals("/debug/requests")) {
      if (method == HttpMethod.DELETE) {
        counter.reset();
      }
      return Optional.of(counter.toJson());
    }
    if (method != HttpMethod.GET) {
      return Optional.empty();
    }
    switch (p) {
      case "/version":
        return Optional.of(Discovery.version());
      case "/healthz", "/readyz", "/livez":
        return Optional.of(Json.MAPPER.getNodeFactory().textNode("ok"));
      case "/api":
        return Optional.of(Discovery.apiVersions());
      case "/apis":
        return Optional.of(Discovery.apiGroupList(registry));
      case "/openapi/v2":
        return Optional.of(OpenApiV2.document(registry));
      case "/openapi/v3":
        return Optional.of(OpenApiV3.index(registry));
      default:
        break;
    }
    if (p.startsWith("/openapi/v3/")) {
      String groupVersionPath = p.substring("/openapi/v3/".length());
      String[] gv = groupVersionPath.split("/");
      Optional<com.fasterxml.jackson.databind.node.ObjectNode> doc =
          gv.length == 2 && gv[0].equals("api")
              ? OpenApiV3.groupVersion(registry, "", gv[1])
              : gv.length == 3 && gv[0].equals("apis")
                  ? OpenApiV3.groupVersion(registry, gv[1], gv[2])
                  : Optional.empty();
      return Optional.of(
          doc.orElseThrow(
              () ->
                  ApiException.of(404, "NotFound", "no OpenAPI document for " + groupVersionPath)));
    }
    String[] parts = p.substring(1).split("/");
    if (parts.length == 2 && parts[0].equals("api")) {
      return Discovery.apiResourceList(registry, "", parts[1])
          .map(JsonNode.class::cast)
          .or(
              () -> {
                throw ApiException.of(
                    404, "NotFound", "the server could not find the requested resource");
              });
    }
    if (parts.length == 2 && parts[0].equals("apis")) {
      return Discovery.apiGroup(registry, parts[1])
          .map(JsonNode.class::cast)
          .or(
              () -> {
                throw ApiException.of(
                    404, "NotFound", "the server could not find the requested resource");
              });
    }
    if (parts.length == 3 && parts[0].equals("apis")) {
      return Discovery.apiResourceList(registry, parts[1], parts[2])
          .map(JsonNode.class::cast)
          .or(
              () -> {
                throw ApiException.of(
                    404, "NotFound", "the server could not find the requested resource");
              });
    }
    return Optional.empty();
  }
}
