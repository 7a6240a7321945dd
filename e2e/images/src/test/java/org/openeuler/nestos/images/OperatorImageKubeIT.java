package org.openeuler.nestos.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * The operator image run as a pod runs it, against the real control plane: its layers unpacked, its
 * entrypoint started in its own mount and PID namespaces, chrooted, as uid 65532, in-cluster style
 * (the token of the chart's {@code nestos-operator} service account, the cluster CA and the
 * namespace at {@code /var/run/secrets/kubernetes.io/serviceaccount}, {@code
 * KUBERNETES_SERVICE_HOST/PORT}), with the chart's RBAC installed by helm: it renders the NodeState
 * of a selected node and writes the OSVersion's status.
 */
class OperatorImageKubeIT {

  static final String NS = "nestos-image-op";
  static final String RELEASE = "nestos-image-op";
  static final ResourceDefinitionContext OSVERSIONS = ClusterTools.crd("osversions", "OSVersion");
  static final ResourceDefinitionContext NODESTATES = ClusterTools.crd("nodestates", "NodeState");

  static RealControlPlane cp;
  static KubernetesClient admin;
  static Path work;
  static InClusterRun operator;

  @BeforeAll
  static void start() throws Exception {
    cp = RealControlPlane.shared();
    admin = cp.admin();
    work = Files.createTempDirectory(Path.of("target"), "operator-image").toAbsolutePath();
    ClusterTools.helm(cp, NS, "install", RELEASE, ClusterTools.chart());

    operator =
        InClusterRun.start(
            ImageTarball.of("operator"),
            work,
            cp,
            NS,
            cp.unboundToken(NS, "nestos-operator"),
            Map.of(
                "POD_NAMESPACE", NS,
                "POD_NAME", "nestos-image-op-0",
                "JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -Xmx160m -XX:TieredStopAtLevel=1"),
            List.of("--metrics-port=0"),
            rootfs -> {});
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    admin.genericKubernetesResources(OSVERSIONS).withName("image-op").delete();
    admin.nodes().withName("image-op-1").delete();
    ClusterTools.helm(cp, NS, "uninstall", RELEASE, "--ignore-not-found");
    admin.namespaces().withName(NS).delete();
  }

  @Test
  void theOperatorImageReconcilesAnOsVersionInClusterStyleUnderTheChartsRbac() throws Exception {
    admin
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("image-op-1")
                .addToLabels("pool", "image-op")
                .endMetadata()
                .build())
        .create();
    admin
        .genericKubernetesResources(OSVERSIONS)
        .resource(
            Serialization.unmarshal(
                """
                {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion","metadata":{"name":"image-op"},
                 "spec":{"osImage":"127.0.0.1:9/nestos@sha256:3f1c2b9e8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10",
                         "nodeSelector":{"matchLabels":{"pool":"image-op"}}}}""",
                GenericKubernetesResource.class))
        .create();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(operator.alive()).as("operator alive; log:\n%s", log()).isTrue();
              GenericKubernetesResource osv =
                  admin.genericKubernetesResources(OSVERSIONS).withName("image-op").get();
              Map<String, Object> status = osv.get("status");
              assertThat(status).as("OSVersion status").isNotNull();
              assertThat(((Number) status.get("observedGeneration")).longValue())
                  .isEqualTo(osv.getMetadata().getGeneration());
              GenericKubernetesResource ns =
                  admin.genericKubernetesResources(NODESTATES).withName("image-op-1").get();
              assertThat(ns).as("NodeState image-op-1").isNotNull();
              assertThat(Serialization.asJson((Object) ns.get("spec"))).contains("sha256:3f1c2b9e");
            });
    assertThat(log()).doesNotContain(" 403 ").doesNotContain("Forbidden");
  }

  static String log() throws Exception {
    return operator.log();
  }
}
