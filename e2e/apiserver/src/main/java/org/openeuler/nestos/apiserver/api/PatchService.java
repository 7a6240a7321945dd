package org.openeuler.nestos.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.openeuler.nestos.apiserver.registry.ResourceType;
import org.openeuler.nestos.apiserver.store.ObjectKey;

/**
 * PATCH in its four content types: JSON patch (RFC 6902), JSON merge patch (RFC 7386), strategic
 * merge patch (built-in kinds only, as in kube: custom resources answer 415) and server-side apply
 * (creates when absent; conflicts 409 unless {@code force=true}). The patched object then goes
 * through the ordinary update path.
 */
public final class PatchService {

  public static final String JSON_PATCH = "application/json-patch+json";
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  public static final String APPLY_PATCH = "application/apply-patch+yaml";

  private final ResourceService service;

  public PatchService(ResourceService service) {
    this.service = service;
  }

  public ResourceService.Result patch(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      String contentType,
      JsonNode patch,
      WriteOptions options) {
    String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
    ObjectKey key = ResourceService.key(type, namespace, name);
    return service
        .store()
        .atomically(
            () -> {
              Optional<ObjectNode> stored = service.store().get(key);
              switch (mediaType) {
                case APPLY_PATCH -> {
                  return apply(
                      type, namespace, name, subresource, patch, options, stored.orElse(null));
                }
                case JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH -> {
                  ObjectNode current =
                      stored.orElseThrow(
                          () -> ApiException.notFound(type.group(), type.plural(), name));
                  ObjectNode patched = patchedCopy(type, mediaType, current, patch);
                  String expectedRv = patched.path("metadata").path("resourceVersion").asText("");
                  if (!expectedRv.equals(current.path("metadata").path("resourceVersion").asText())
                      && !expectedRv.isEmpty()) {
                    throw ApiException.conflict(
                        type.group(),
                        type.plural(),
                        name,
                        "the object has been modified; please apply your changes to the latest version and try again");
                  }
                  return service.replace(type, key, current, patched, subresource, options);
                }
                default ->
                    throw ApiException.unsupportedMediaType(
                        "the body of the request was in an unknown format -"
                            + " accepted media types include: application/json-patch+json, application/merge-patch+json,"
                            + " application/apply-patch+yaml"
                            + (type.crd() == null
                                ? ", application/strategic-merge-patch+json"
                                : ""));
              }
            });
  }

  private ObjectNode patchedCopy(
      ResourceType type, String mediaType, ObjectNode current, JsonNode patch) {
    try {
      JsonNode result =
          switch (mediaType) {
            case JSON_PATCH -> Patches.jsonPatch(current, patch);
            case MERGE_PATCH -> Patches.mergePatch(current, patch);
            default -> {
              if (type.crd() != null) {
                throw ApiException.unsupportedMediaType(
                    "the body of the request was in an unknown format - accepted"
                        + " media types include: application/json-patch+json, application/merge-patch+json,"
                        + " application/apply-patch+yaml");
              }
              yield Patches.strategicMergePatch(
                  current, patch, service.managedFields().schemaFor(type));
            }
          };
      if (!(result instanceof ObjectNode object)) {
        throw ApiException.badRequest("the patch did not produce an object");
      }
      return object;
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ApiException(
          422,
          "Invalid",
          "the patch could not be applied: " + e.getMessage(),
          null,
          null,
          null,
          java.util.List.of());
    }
  }

  private ResourceService.Result apply(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      JsonNode applied,
      WriteOptions options,
      ObjectNode stored) {
    if (options.fieldManager() == null
        || options.fieldManager().isBlank()
        || "unknown".equals(options.fieldManager())) {
      throw ApiException.badRequest(
          "PATCH, application/apply-patch+yaml requires fieldManager to be set");
    }
    if (!(applied instanceof ObjectNode config)) {
      throw ApiException.badRequest("an apply configuration must be an object");
    }
    String appliedName = config.path("metadata").path("name").asText(name);
    if (!appliedName.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object ("
              + appliedName
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    ObjectNode merged =
        service
            .managedFields()
            .apply(type, stored, config, options.fieldManager(), options.force(), subresource);
    WriteOptions recorded =
        new WriteOptions(
            options.dryRun(),
            ManagedFieldsTracker.ALREADY_RECORDED,
            options.fieldValidation(),
            options.force());
    if (stored == null) {
      return service.create(type, namespace, merged, recorded);
    }
    return service.replace(
        type, ResourceService.key(type, namespace, name), stored, merged, subresource, recorded);
  }
}
