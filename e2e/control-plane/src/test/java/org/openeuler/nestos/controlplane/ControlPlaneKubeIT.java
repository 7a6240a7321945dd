package org.openeuler.nestos.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fixture itself: the real control plane starts, serves the CRDs and mints pod-bound tokens.
 */
class ControlPlaneKubeIT {

  static final RealControlPlane CP = RealControlPlane.shared();

  @Test
  void servesUpstreamKubernetesWithTheProjectCrds() {
    assertThat(CP.admin().getKubernetesVersion().getGitVersion()).isEqualTo("v1.35.4");
    assertThat(CP.admin().apiextensions().v1().customResourceDefinitions().list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .contains(
            "osversions.nestos.openeuler.org",
            "nodeconfigs.nestos.openeuler.org",
            "rubikpolicies.nestos.openeuler.org",
            "nodestates.nestos.openeuler.org");
    System.out.printf("control-plane startup: %d ms%n", CP.startupTime().toMillis());
  }

  @Test
  void podBoundTokenCarriesTheNodeName() {
    KubernetesClient admin = CP.admin();
    admin
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("token-node").endMetadata().build())
        .createOr(n -> n.update());
    Pod pod =
        admin
            .pods()
            .inNamespace("default")
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("token-pod")
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName("token-node")
                    .addNewContainer()
                    .withName("c")
                    .withImage("example.invalid/c:1")
                    .endContainer()
                    .endSpec()
                    .build())
            .createOr(p -> p.update());
    String token = CP.podBoundToken(pod);
    try (KubernetesClient asPod = CP.clientWithToken(token, "token-test")) {
      String review =
          asPod.raw(
              "/apis/authentication.k8s.io/v1/selfsubjectreviews",
              "POST",
              Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "SelfSubjectReview"));
      assertThat(review)
          .contains("system:serviceaccount:default:default")
          .contains("authentication.kubernetes.io/node-name")
          .contains("token-node");
      // RBAC is on: the default service account may not list nodes
      assertThatThrownBy(() -> asPod.nodes().list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
  }
}
