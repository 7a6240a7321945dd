package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An object without spec gets a status saying so (issue 11, item 6): every OSVersion, NodeConfig
 * and RubikPolicy without spec ends {@code Stalled/SpecMissing} with {@code Ready=False}, while a
 * rollout next to it completes. (The stand-in server refuses unreadable objects like the real one;
 * {@code HostileObjectsKubeIT} feeds those through unbounded CRDs.)
 */
class UnusableObjectsMockTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private RuntimeHarness h;

  @BeforeEach
  void start() {
    h = new RuntimeHarness();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void objectsWithoutSpecAreStalledWithSpecMissingAndTheRolloutGoesOn() {
    h.nodes(2, "n");
    h.startReplica("a");
    for (String[] k :
        List.of(
            new String[] {"OSVersion", "osversions"},
            new String[] {"NodeConfig", "nodeconfigs"},
            new String[] {"RubikPolicy", "rubikpolicies"})) {
      h.admin
          .genericKubernetesResources(context(k[0], k[1]))
          .resource(
              new KubernetesSerialization()
                  .convertValue(
                      Map.of(
                          "apiVersion",
                          "nestos.openeuler.org/v1alpha1",
                          "kind",
                          k[0],
                          "metadata",
                          Map.of("name", "no-spec")),
                      GenericKubernetesResource.class))
          .create();
    }
    h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":2}");
    RolloutHarness.await(
        WAIT,
        "rollout complete",
        () -> h.condition("workers", "Ready").equals("True/RolloutComplete"));
    for (String[] k :
        List.of(
            new String[] {"OSVersion", "osversions"},
            new String[] {"NodeConfig", "nodeconfigs"},
            new String[] {"RubikPolicy", "rubikpolicies"})) {
      RolloutHarness.await(
          WAIT,
          k[0] + " without spec reported",
          () -> "True/SpecMissing".equals(condition(k, "Stalled")));
      assertThat(condition(k, "Ready")).isEqualTo("False/SpecMissing");
    }
    assertThat(h.admin.v1().events().inNamespace("default").list().getItems())
        .filteredOn(e -> "SpecMissing".equals(e.getReason()))
        .extracting(e -> e.getInvolvedObject().getKind())
        .contains("OSVersion", "NodeConfig", "RubikPolicy");
    assertThat(h.metrics("a")).contains("nestos_unusable_objects_total{kind=\"OSVersion\"");
  }

  @SuppressWarnings("unchecked")
  private String condition(String[] kind, String type) {
    GenericKubernetesResource r =
        h.admin.genericKubernetesResources(context(kind[0], kind[1])).withName("no-spec").get();
    Object status = r.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> cs)) {
      return "-";
    }
    for (Object o : cs) {
      Map<String, Object> c = (Map<String, Object>) o;
      if (type.equals(c.get("type"))) {
        return c.get("status") + "/" + c.get("reason");
      }
    }
    return "-";
  }

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("nestos.openeuler.org")
        .withVersion("v1alpha1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(false)
        .build();
  }
}
