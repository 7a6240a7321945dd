package org.openeuler.nestos.apiserver.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openeuler.nestos.apiserver.registry.JsonNodes;

/**
 * Allow-all answers to {@code authorization.k8s.io/v1} self reviews. JOSDK 5's leader election
 * checks, before starting, that a {@code SelfSubjectRulesReview} in the lease namespace grants
 * get/create/update on {@code coordination.k8s.io} leases; {@code *} rules satisfy it.
 */
public final class AuthReviews {

  private AuthReviews() {}

  /** Echoes {@code spec} and grants every verb on every resource and non-resource URL. */
  public static ObjectNode selfSubjectRulesReview(JsonNode request) {
    ObjectNode review = echo("SelfSubjectRulesReview", request);
    ObjectNode status = review.putObject("status");
    ObjectNode rule = status.putArray("resourceRules").addObject();
    rule.set("verbs", JsonNodes.strings(List.of("*")));
    rule.set("apiGroups", JsonNodes.strings(List.of("*")));
    rule.set("resources", JsonNodes.strings(List.of("*")));
    ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
    nonResource.set("verbs", JsonNodes.strings(List.of("*")));
    nonResource.set("nonResourceURLs", JsonNodes.strings(List.of("*")));
    status.put("incomplete", false);
    return review;
  }

  /** Echoes {@code spec} with {@code status.allowed=true}. */
  public static ObjectNode selfSubjectAccessReview(JsonNode request) {
    ObjectNode review = echo("SelfSubjectAccessReview", request);
    review
        .putObject("status")
        .put("allowed", true)
        .put("reason", "test API server allows everything");
    return review;
  }

  private static ObjectNode echo(String kind, JsonNode request) {
    ObjectNode review = JsonNodes.typed(kind, "authorization.k8s.io/v1");
    JsonNode metadata = request == null ? null : request.get("metadata");
    review.set(
        "metadata",
        metadata != null && metadata.isObject() ? metadata.deepCopy() : JsonNodes.object());
    ((ObjectNode) review.get("metadata")).putNull("creationTimestamp");
    JsonNode spec = request == null ? null : request.get("spec");
    review.set("spec", spec != null && spec.isObject() ? spec.deepCopy() : JsonNodes.object());
    return review;
  }
}
