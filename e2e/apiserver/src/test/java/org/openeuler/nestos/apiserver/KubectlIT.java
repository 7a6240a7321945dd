package org.openeuler.nestos.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl 1.32 against the test API server: apply (client-side and server-side), refusals
 * of every {@code examples/invalid} file for its stated reason, printer columns, categories,
 * explain, watch and finalizers.
 */
class KubectlIT {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static TestApiServer server;
  static Kubectl kubectl;
  static Path examples = Kubectl.repoRoot().resolve("examples");

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    server = TestApiServer.start();
    kubectl = new Kubectl(server.writeKubeconfig(dir.resolve("kubeconfig")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static JsonNode read(Path file) throws IOException {
    return YAML.readTree(file.toFile());
  }

  @TestFactory
  Stream<DynamicTest> everyExampleAppliesClientSideThenServerSide() throws IOException {
    return yamlFiles(examples).stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      JsonNode doc = read(file);
                      String kind = doc.path("kind").asText().toLowerCase();
                      String name = doc.path("metadata").path("name").asText();
                      Kubectl.Run clientSide = kubectl.run("apply", "-f", file.toString());
                      assertThat(clientSide.exit()).as(clientSide.all()).isZero();
                      assertThat(clientSide.out())
                          .containsAnyOf("created", "configured", "unchanged");
                      assertThat(managedFields(kind, name))
                          .contains("\"manager\":\"kubectl-client-side-apply\"");

                      Kubectl.Run serverSide =
                          kubectl.run("apply", "--server-side", "-f", file.toString());
                      assertThat(serverSide.exit()).as(serverSide.all()).isZero();
                      assertThat(serverSide.out()).contains("serverside-applied");
                      assertThat(serverSide.err()).doesNotContain("Warning");
                      // kubectl 1.32 migrates the client-side owner to its server-side manager
                      // after the first server-side apply
                      assertThat(managedFields(kind, name))
                          .contains("\"manager\":\"kubectl\"")
                          .contains("\"operation\":\"Apply\"");
                    }));
  }

  private static String managedFields(String kind, String name) throws IOException {
    Kubectl.Run get = kubectl.run("get", kind, name, "-o", "json", "--show-managed-fields");
    assertThat(get.exit()).as(get.all()).isZero();
    return RawHttp.JSON.readTree(get.out()).path("metadata").path("managedFields").toString();
  }

  @Test
  void getShowsThePrinterColumnsAndTheCategoryListsEveryKind() throws IOException {
    applyAll();
    Kubectl.Run osv = kubectl.run("get", "osv");
    assertThat(osv.exit()).as(osv.all()).isZero();
    String header = osv.out().lines().findFirst().orElse("");
    JsonNode crd =
        read(
            Kubectl.repoRoot()
                .resolve("helm/nestos-operator/crds/osversions.nestos.openeuler.org.yaml"));
    int previous = header.indexOf("NAME");
    assertThat(previous).isZero();
    for (JsonNode column :
        crd.path("spec").path("versions").get(0).path("additionalPrinterColumns")) {
      if (column.path("priority").asInt(0) == 0) {
        int at = header.indexOf(column.path("name").asText().toUpperCase(), previous + 1);
        assertThat(at)
            .as("column %s after the previous one in %s", column.path("name"), header)
            .isGreaterThan(previous);
        previous = at;
      }
    }
    assertThat(header).endsWith("AGE");
    assertThat(osv.out().lines().count()).isGreaterThanOrEqualTo(2);

    Kubectl.Run all = kubectl.run("get", "nestos");
    assertThat(all.exit()).as(all.all()).isZero();
    assertThat(all.out())
        .contains("osversion.nestos.openeuler.org/")
        .contains("nodeconfig.nestos.openeuler.org/")
        .contains("rubikpolicy.nestos.openeuler.org/")
        .contains("nodestate.nestos.openeuler.org/");

    for (String shortName : List.of("osv", "nc", "rp", "nst")) {
      Kubectl.Run byShortName = kubectl.run("get", shortName);
      assertThat(byShortName.exit()).as(shortName + ": " + byShortName.all()).isZero();
    }
  }

  @Test
  void explainWalksTheSchemaWithDescriptions() {
    Kubectl.Run explain = kubectl.run("explain", "osversion.spec.rollout");
    assertThat(explain.exit()).as(explain.all()).isZero();
    assertThat(explain.out())
        .contains("DESCRIPTION")
        .contains("maxUnavailable")
        .contains("Maximum targeted nodes unavailable at once");
    Kubectl.Run healthGate = kubectl.run("explain", "osv.spec.rollout.healthGate", "--recursive");
    assertThat(healthGate.exit()).as(healthGate.all()).isZero();
    assertThat(healthGate.out()).contains("checks");
  }

  @Test
  void watchSeesAStatusChange(@TempDir Path dir) throws Exception {
    applyAll();
    String name = read(examples.resolve("osversion.yaml")).path("metadata").path("name").asText();
    Path output = dir.resolve("watch.out");
    Process watch = kubectl.start(output, "get", "osv", name, "-w");
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(output).contains(name));
      Kubectl.Run patch =
          kubectl.run(
              "patch",
              "osv",
              name,
              "--subresource=status",
              "--type=merge",
              "-p",
              "{\"status\":{\"targetNodes\":4242}}");
      assertThat(patch.exit()).as(patch.all()).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(output).contains("4242"));
    } finally {
      watch.destroy();
    }
  }

  @Test
  void deleteWaitsForFinalizers() {
    String manifest =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: held
          namespace: default
          finalizers: [nestos.openeuler.org/test-hold]
        """;
    assertThat(kubectl.runWithInput(manifest, "apply", "-f", "-").exit()).isZero();
    Kubectl.Run delete = kubectl.run("delete", "configmap", "held", "--wait=false");
    assertThat(delete.exit()).as(delete.all()).isZero();
    Kubectl.Run stillThere =
        kubectl.run("get", "configmap", "held", "-o", "jsonpath={.metadata.deletionTimestamp}");
    assertThat(stillThere.out()).isNotBlank();

    Kubectl.Run release =
        kubectl.run(
            "patch",
            "configmap",
            "held",
            "--type=merge",
            "-p",
            "{\"metadata\":{\"finalizers\":null}}");
    assertThat(release.exit()).as(release.all()).isZero();
    Kubectl.Run gone = kubectl.run("get", "configmap", "held");
    assertThat(gone.exit()).isNotZero();
    assertThat(gone.err()).contains("NotFound");
  }

  @Test
  void cordonAndLabelANodeWithStrategicMergePatch() {
    String node =
        """
        apiVersion: v1
        kind: Node
        metadata:
          name: worker-1
          labels: {kubernetes.io/hostname: worker-1}
        """;
    assertThat(kubectl.runWithInput(node, "apply", "-f", "-").exit()).isZero();
    Kubectl.Run cordon = kubectl.run("cordon", "worker-1");
    assertThat(cordon.exit()).as(cordon.all()).isZero();
    Kubectl.Run label =
        kubectl.run("label", "node", "worker-1", "nestos.openeuler.org/pool=canary");
    assertThat(label.exit()).as(label.all()).isZero();
    Kubectl.Run get =
        kubectl.run(
            "get",
            "node",
            "worker-1",
            "-o",
            "jsonpath={.spec.unschedulable} {.metadata.labels.nestos\\.openeuler\\.org/pool}");
    assertThat(get.out()).isEqualTo("true canary");
  }

  private static void applyAll() {
    Kubectl.Run run = kubectl.run("apply", "-f", examples.toString());
    assertThat(run.exit()).as(run.all()).isZero();
  }
}
