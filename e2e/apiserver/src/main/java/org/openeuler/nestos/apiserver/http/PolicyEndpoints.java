package org.openeuler.nestos.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openeuler.nestos.apiserver.api.ApiException;
import org.openeuler.nestos.apiserver.api.ResourceService;
import org.openeuler.nestos.apiserver.api.WriteOptions;
import org.openeuler.nestos.apiserver.policy.AuthReviews;
import org.openeuler.nestos.apiserver.policy.EvictionDecision;
import org.openeuler.nestos.apiserver.registry.ResourceType;
import org.openeuler.nestos.apiserver.store.Selectors;

/**
 * The Eviction subresource (PodDisruptionBudgets honoured, 429 when one would be violated) and auth
 * reviews.
 */
final class PolicyEndpoints {

  private final ResourceService service;

  PolicyEndpoints(ResourceService service) {
    this.service = service;
  }

  JsonNode review(ResourceType type, JsonNode request) {
    return switch (type.plural()) {
      case "selfsubjectrulesreviews" -> AuthReviews.selfSubjectRulesReview(request);
      case "selfsubjectaccessreviews" -> AuthReviews.selfSubjectAccessReview(request);
      default ->
          throw ApiException.of(
              405, "MethodNotAllowed", "reviews of " + type.plural() + " are not served");
    };
  }

  JsonNode evict(String namespace, String podName, JsonNode eviction, WriteOptions options) {
    ResourceType pods = type("", "v1", "pods");
    ResourceType pdbs = type("policy", "v1", "poddisruptionbudgets");
    boolean dryRun =
        options.dryRun()
            || (eviction != null
                && eviction.path("deleteOptions").path("dryRun").toString().contains("All"));
    return service
        .store()
        .atomically(
            () -> {
              ObjectNode pod = service.get(pods, namespace, podName);
              List<JsonNode> budgets =
                  List.copyOf(service.list(pdbs, namespace, Selectors.ALL).items());
              List<JsonNode> podsInNamespace =
                  List.copyOf(service.list(pods, namespace, Selectors.ALL).items());
              EvictionDecision decision = EvictionDecision.decide(pod, budgets, podsInNamespace);
              if (!decision.allowed()) {
                throw ApiException.withStatus(decision.code(), decision.status());
              }
              if (!dryRun) {
                JsonNode deleteOptions = eviction == null ? null : eviction.get("deleteOptions");
                service.delete(pods, namespace, podName, deleteOptions, options);
              }
              return Json.success(201);
            });
  }

  private ResourceType type(String group, String version, String plural) {
    return service.registry().find(group, version, plural).orElseThrow();
  }
}
