package org.openeuler.nestos.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openeuler.nestos.api.ProjectCrds;
import org.openeuler.nestos.api.validation.AdmissionResult;
import org.openeuler.nestos.api.validation.CrdSchema;
import org.openeuler.nestos.api.validation.Strictness;
import org.openeuler.nestos.apiserver.api.Admission;
import org.openeuler.nestos.apiserver.api.ApiException;
import org.openeuler.nestos.apiserver.api.ResourceService;
import org.openeuler.nestos.apiserver.api.WriteOptions;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * Admission of custom resources with the same validator the {@code examples/} tests use ({@link
 * CrdSchema}: schema defaults, pruning, structural and CEL validation), answering like
 * kube-apiserver: 422 {@code Invalid} with field causes, or 400 {@code strict decoding error} for
 * unknown fields under {@code fieldValidation=Strict}.
 */
final class Admissions {

  private Admissions() {}

  static Admission forCrds() {
    // keyed by identity: a CRD's tree is replaced, never mutated, when the CRD changes; deep
    // hashing it per
    // request would cost more than the validation
    Map<JsonNode, CrdSchema> schemas = Collections.synchronizedMap(new IdentityHashMap<>());
    return (type, object, old, options, warnings) -> {
      if (type.crd() == null) {
        return object;
      }
      CrdSchema schema =
          schemas.computeIfAbsent(type.crd(), crd -> CrdSchema.forVersion(crd, type.version()));
      if (options.fieldValidation() == WriteOptions.FieldValidation.STRICT) {
        List<String> unknown = schema.unknownFields(object);
        if (!unknown.isEmpty()) {
          throw ApiException.badRequest(
              "strict decoding error: "
                  + unknown.stream()
                      .map(f -> "unknown field \"" + f + "\"")
                      .collect(Collectors.joining(", ")));
        }
      }
      AdmissionResult result = schema.admit(object, old, Strictness.PRUNE);
      if (options.fieldValidation() == WriteOptions.FieldValidation.WARN) {
        warnings.addAll(result.warnings());
      }
      if (!result.allowed()) {
        throw invalid(type, object, result);
      }
      return (ObjectNode) result.object();
    };
  }

  private static ApiException invalid(
      ResourceType type, ObjectNode object, AdmissionResult result) {
    String name = object.path("metadata").path("name").asText("");
    String summary = result.errors().size() == 1 ? result.summary() : "[" + result.summary() + "]";
    String qualifiedKind = type.kind() + "." + type.group();
    List<ApiException.Cause> causes =
        result.errors().stream()
            .map(e -> new ApiException.Cause(e.type().name(), e.message(), e.field()))
            .toList();
    return new ApiException(
        422,
        "Invalid",
        qualifiedKind + " \"" + name + "\" is invalid: " + summary,
        name,
        type.group(),
        type.kind(),
        causes);
  }

  /**
   * Creates the project's CustomResourceDefinitions through the API, as {@code helm install} would.
   */
  static void installProjectCrds(ResourceService service) {
    ResourceType crds =
        service
            .registry()
            .find("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            .orElseThrow();
    for (JsonNode crd : ProjectCrds.load().values()) {
      service.create(crds, "", ((ObjectNode) crd).deepCopy(), WriteOptions.defaults());
    }
  }
}
