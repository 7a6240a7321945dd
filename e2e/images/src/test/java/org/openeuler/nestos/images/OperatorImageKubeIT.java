package org.openeuler.nestos.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  static final ResourceDefinitionContext OSVERSIONS = crd("osversions", "OSVersion");
  static final ResourceDefinitionContext NODESTATES = crd("nodestates", "NodeState");

  static RealControlPlane cp;
  static KubernetesClient admin;
  static Path work;
  static Process operator;

  @BeforeAll
  static void start() throws Exception {
    cp = RealControlPlane.shared();
    admin = cp.admin();
    work = Files.createTempDirectory(Path.of("target"), "operator-image").toAbsolutePath();
    helm("install", RELEASE, ImageTarball.root().resolve("helm/nestos-operator").toString());

    ImageTarball image = ImageTarball.of("operator");
    Path rootfs = image.unpack(work);
    Path sa = rootfs.resolve("var/run/secrets/kubernetes.io/serviceaccount");
    Files.createDirectories(sa);
    Files.writeString(sa.resolve("token"), cp.unboundToken(NS, "nestos-operator"));
    Files.writeString(sa.resolve("namespace"), NS);
    String ca = cp.adminConfig().getCaCertData();
    Files.write(
        sa.resolve("ca.crt"),
        ca != null
            ? java.util.Base64.getDecoder().decode(ca)
            : Files.readAllBytes(Path.of(cp.adminConfig().getCaCertFile())));

    JsonNode config = image.inspect("--config").get("config");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/bin/unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"),
                "/usr/sbin/chroot",
                "--userspec=" + config.get("User").asText(),
                rootfs.toString()));
    config.get("Entrypoint").forEach(a -> cmd.add(a.asText()));
    cmd.add("--metrics-port=0");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("operator.log").toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    config
        .get("Env")
        .forEach(e -> env.put(e.asText().split("=", 2)[0], e.asText().split("=", 2)[1]));
    URI api = URI.create(cp.url());
    env.put("KUBERNETES_SERVICE_HOST", api.getHost());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(api.getPort()));
    env.put("POD_NAMESPACE", NS);
    env.put("POD_NAME", "nestos-image-op-0");
    env.put("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -Xmx160m -XX:TieredStopAtLevel=1");
    operator = pb.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      // unshare --fork ignores SIGTERM, and chroot --userspec clears --kill-child's death signal:
      // the JVM inside is killed by its pid, then unshare
      operator.descendants().forEach(ProcessHandle::destroyForcibly);
      operator.destroyForcibly();
      operator.waitFor();
    }
    admin.genericKubernetesResources(OSVERSIONS).withName("image-op").delete();
    admin.nodes().withName("image-op-1").delete();
    helm("uninstall", RELEASE, "--ignore-not-found");
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
              assertThat(operator.isAlive()).as("operator alive; log:\n%s", log()).isTrue();
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
    return Files.readString(work.resolve("operator.log"));
  }

  static ResourceDefinitionContext crd(String plural, String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("nestos.openeuler.org")
        .withVersion("v1alpha1")
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(false)
        .build();
  }

  static void helm(String... args) throws Exception {
    Path home = Files.createDirectories(Path.of("target/helm-home").toAbsolutePath());
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ImageTarball.root().resolve(".tools/helm/helm").toString(),
                "--kubeconfig",
                cp.adminKubeconfig().toString(),
                "-n",
                NS));
    cmd.addAll(List.of(args));
    if (args[0].equals("install")) {
      cmd.add("--create-namespace");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("helm " + String.join(" ", args) + ": " + out);
    }
  }
}
