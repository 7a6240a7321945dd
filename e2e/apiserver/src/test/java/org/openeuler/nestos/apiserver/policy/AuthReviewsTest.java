package org.openeuler.nestos.apiserver.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AuthReviewsTest {

  @Test
  void rulesReviewAllowsEverything() throws Exception {
    JsonNode request =
        new ObjectMapper()
            .readTree(
                "{\"apiVersion\":\"authorization.k8s.io/v1\","
                    + "\"kind\":\"SelfSubjectRulesReview\",\"spec\":{\"namespace\":\"nestos-system\"}}");
    JsonNode review = AuthReviews.selfSubjectRulesReview(request);
    assertThat(review.path("kind").asText()).isEqualTo("SelfSubjectRulesReview");
    assertThat(review.path("spec").path("namespace").asText()).isEqualTo("nestos-system");
    JsonNode rule = review.path("status").path("resourceRules").get(0);
    assertThat(rule.toString())
        .isEqualTo("{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}");
    assertThat(
            review
                .path("status")
                .path("nonResourceRules")
                .get(0)
                .path("nonResourceURLs")
                .get(0)
                .asText())
        .isEqualTo("*");
    assertThat(review.path("status").path("incomplete").asBoolean(true)).isFalse();
  }

  @Test
  void accessReviewIsAllowed() throws Exception {
    JsonNode request =
        new ObjectMapper()
            .readTree(
                "{\"spec\":{\"resourceAttributes\":{\"verb\":\"create\","
                    + "\"group\":\"coordination.k8s.io\",\"resource\":\"leases\"}}}");
    JsonNode review = AuthReviews.selfSubjectAccessReview(request);
    assertThat(review.path("status").path("allowed").asBoolean()).isTrue();
    assertThat(review.path("spec").path("resourceAttributes").path("resource").asText())
        .isEqualTo("leases");
    assertThat(AuthReviews.selfSubjectAccessReview(null).path("status").path("allowed").asBoolean())
        .isTrue();
  }
}
