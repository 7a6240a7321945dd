package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * The chart's pod templates through the real kube-apiserver's admission (dry-run Pods, nothing
 * runs): the operator's pod passes the {@code restricted} Pod Security Standard; the daemon's pod,
 * privileged with the host's PID namespace, passes only a {@code privileged} namespace (the release
 * namespace must be labelled so, docs/install.md) and is admitted with {@code priorityClassName:
 * system-node-critical} outside kube-system.
 */
class ChartPodsAdmissionKubeIT {

  static final String RESTRICTED = "nestos-pss-restricted";
  static final String BASELINE = "nestos-pss-baseline";
  static final String PRIVILEGED = "nestos-pss-privileged";

  static RealControlPlane cp;
  static KubernetesClient admin;

  @BeforeAll
  static void namespaces() {
    cp = RealControlPlane.shared();
    admin = cp.admin();
    for (String ns : List.of(RESTRICTED, BASELINE, PRIVILEGED)) {
      String level = ns.substring("nestos-pss-".length());
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .addToLabels("pod-security.kubernetes.io/enforce", level)
                  .endMetadata()
                  .build())
          .create();
      for (String sa : List.of("nestos-operator", "nestos-node-daemon")) {
        admin
            .serviceAccounts()
            .inNamespace(ns)
            .resource(
                new ServiceAccountBuilder()
                    .withNewMetadata()
                    .withName(sa)
                    .withNamespace(ns)
                    .endMetadata()
                    .build())
            .create();
      }
    }
  }

  @AfterAll
  static void cleanUp() {
    for (String ns : List.of(RESTRICTED, BASELINE, PRIVILEGED)) {
      admin.namespaces().withName(ns).delete();
    }
  }

  @Test
  void theOperatorIsRestrictedAndTheDaemonNeedsAPrivilegedNamespace(@TempDir Path home)
      throws Exception {
    ChartTools.Run t =
        ChartTools.run(
                home,
                List.of(
                    ChartTools.helm("helm3"),
                    "template",
                    "nestos",
                    ChartTools.chart().toString(),
                    "-n",
                    RESTRICTED))
            .ok();
    List<JsonNode> docs = HelmChartIT.documents(t.out());
    PodSpec operator = spec(docs, "Deployment", "nestos-operator");
    PodSpec daemon = spec(docs, "DaemonSet", "nestos-node-daemon");

    Pod op = admin.resource(pod(RESTRICTED, "nestos-operator", operator)).dryRun().create();
    assertThat(op.getMetadata().getNamespace()).isEqualTo(RESTRICTED);
    System.out.println("operator pod admitted under pod-security restricted");

    for (String ns : List.of(RESTRICTED, BASELINE)) {
      assertThatThrownBy(
              () -> admin.resource(pod(ns, "nestos-node-daemon", daemon)).dryRun().create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                System.out.println("daemon pod under " + ns + ": " + e.getStatus().getMessage());
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getStatus().getMessage())
                    .contains("violates PodSecurity")
                    .contains("privileged")
                    .contains("hostPID");
              });
    }
    Pod d = admin.resource(pod(PRIVILEGED, "nestos-node-daemon", daemon)).dryRun().create();
    assertThat(d.getSpec().getPriorityClassName()).isEqualTo("system-node-critical");
    // the Priority admission plugin resolved the class: the node-critical value
    assertThat(d.getSpec().getPriority()).isEqualTo(2000001000);
    assertThat(d.getSpec().getHostPID()).isTrue();
    System.out.println(
        "daemon pod admitted under pod-security privileged, priority " + d.getSpec().getPriority());
  }

  private static PodSpec spec(List<JsonNode> docs, String kind, String name) {
    JsonNode template =
        ChartValuesIT.object(docs, kind, name).orElseThrow().path("spec").path("template");
    return Serialization.jsonMapper().convertValue(template.path("spec"), PodSpec.class);
  }

  private static Pod pod(String ns, String name, PodSpec spec) {
    PodSpec s = Serialization.clone(spec);
    s.setNodeName("nestos-pss-node");
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withSpec(s)
        .build();
  }
}
