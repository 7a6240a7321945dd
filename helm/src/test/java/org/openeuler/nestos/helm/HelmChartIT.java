package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * The chart with the real helm 3.17 (lint, values schema, template) and its rendered manifests
 * applied with the real kubectl 1.32 to the test API server; RBAC checked against docs/design.md §8
 * (least privilege, one writer).
 */
class HelmChartIT {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static Path root;
  static Path chart;

  @BeforeAll
  static void locate() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve(".mvn/maven.version"))) {
      dir = dir.getParent();
    }
    root = dir;
    chart = root.resolve("helm/nestos-operator");
  }

  record Run(int exit, String out) {}

  static Run run(List<String> argv, String stdin) throws Exception {
    Path out = Files.createTempFile("helm-it", ".out");
    Process p =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + argv);
    }
    String text = Files.readString(out);
    Files.delete(out);
    return new Run(p.exitValue(), text);
  }

  static String tool(String env, String relative, String fallback) {
    String fromEnv = System.getenv(env);
    if (fromEnv != null && Files.isExecutable(Path.of(fromEnv))) {
      return fromEnv;
    }
    Path local = root.resolve(relative);
    return Files.isExecutable(local) ? local.toString() : fallback;
  }

  static String helm() {
    return tool("NESTOS_HELM", ".tools/helm/helm", "helm");
  }

  static String kubectl() {
    return tool(
        "NESTOS_KUBECTL", ".tools/kubectl/kubectl", "/usr/lib/google-cloud-sdk/bin/kubectl.1.32");
  }

  static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.has("kind")) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  static JsonNode find(List<JsonNode> docs, String kind, String name) {
    return docs.stream()
        .filter(
            d ->
                d.path("kind").asText().equals(kind)
                    && d.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static String rules(JsonNode role) {
    return role.path("rules").toString();
  }

  @Test
  void lintsAndRefusesValuesOutsideItsSchema() throws Exception {
    Run lint = run(List.of(helm(), "lint", chart.toString()), null);
    assertThat(lint.exit()).as(lint.out()).isZero();
    Run bad =
        run(
            List.of(helm(), "template", "t", chart.toString(), "--set", "daemon.commandMode=bash"),
            null);
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.out()).contains("daemon.commandMode");
  }

  @Test
  void rbacFollowsLeastPrivilegeAndOneWriterPerObject() throws Exception {
    Run template =
        run(List.of(helm(), "template", "nestos", chart.toString(), "-n", "nestos-system"), null);
    assertThat(template.exit()).as(template.out()).isZero();
    List<JsonNode> docs = documents(template.out());

    JsonNode daemonRole = find(docs, "ClusterRole", "nestos-node-daemon");
    assertThat(rules(daemonRole))
        .contains("nodestates/status")
        .doesNotContain("pods/eviction")
        .doesNotContain("secrets");
    for (JsonNode rule : daemonRole.path("rules")) {
      if (rule.path("resources").toString().contains("\"nodes\"")) {
        assertThat(rule.path("verbs").toString()).isEqualTo("[\"get\"]");
      }
      if (rule.path("resources").toString().contains("\"nodestates\"")) {
        assertThat(rule.path("verbs").toString()).doesNotContain("update").doesNotContain("patch");
      }
    }
    String operator = rules(find(docs, "ClusterRole", "nestos-operator"));
    assertThat(operator).contains("pods/eviction").contains("nodestates").doesNotContain("\"*\"");
    for (JsonNode rule : find(docs, "ClusterRole", "nestos-operator").path("rules")) {
      if (rule.path("resources").toString().equals("[\"namespaces\"]")) {
        assertThat(rule.path("verbs").toString()).isEqualTo("[\"get\",\"list\",\"watch\"]");
      }
    }
    assertThat(operator).contains("\"namespaces\"");
    assertThat(rules(daemonRole)).doesNotContain("namespaces");

    JsonNode ds = find(docs, "DaemonSet", "nestos-node-daemon");
    JsonNode container = ds.path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(container.path("securityContext").path("privileged").asBoolean()).isTrue();
    assertThat(container.path("env").toString()).contains("NODE_NAME").contains("spec.nodeName");
    JsonNode policy = find(docs, "ValidatingAdmissionPolicy", "nestos-node-daemon-own-nodestate");
    assertThat(policy.path("spec").toString())
        .contains("authentication.kubernetes.io/node-name")
        .contains("system:serviceaccount:nestos-system:nestos-node-daemon");
  }

  @Test
  void operatorJvmIsSizedByTheChartAndCanBeOverridden() throws Exception {
    Run template =
        run(List.of(helm(), "template", "nestos", chart.toString(), "-n", "nestos-system"), null);
    assertThat(template.exit()).as(template.out()).isZero();
    String env =
        find(documents(template.out()), "Deployment", "nestos-operator")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("env")
            .toString();
    assertThat(env)
        .contains("JAVA_TOOL_OPTIONS")
        .contains("-Xmx")
        .contains("-XX:+UseSerialGC")
        .contains("MALLOC_ARENA_MAX");
    Run custom =
        run(
            List.of(
                helm(),
                "template",
                "nestos",
                chart.toString(),
                "-n",
                "nestos-system",
                "--set",
                "operator.javaToolOptions=-Xmx512m"),
            null);
    assertThat(custom.exit()).as(custom.out()).isZero();
    String customEnv =
        find(documents(custom.out()), "Deployment", "nestos-operator")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("env")
            .toString();
    assertThat(customEnv).contains("-Xmx512m").doesNotContain("-Xmx160m");
  }

  @Test
  void renderedManifestsApplyToTheTestApiServerWithRealKubectl(@TempDir Path dir) throws Exception {
    Run template =
        run(
            List.of(
                helm(),
                "template",
                "nestos",
                chart.toString(),
                "-n",
                "nestos-system",
                "--include-crds"),
            null);
    assertThat(template.exit()).as(template.out()).isZero();
    try (TestApiServer server = TestApiServer.start()) {
      Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
      Run apply =
          run(
              List.of(
                  kubectl(),
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "apply",
                  "--server-side",
                  "-f",
                  "-"),
              template.out());
      assertThat(apply.exit()).as(apply.out()).isZero();
      assertThat(apply.out())
          .contains("daemonset.apps/nestos-node-daemon serverside-applied")
          .contains("deployment.apps/nestos-operator serverside-applied")
          .contains("clusterrole.rbac.authorization.k8s.io/nestos-node-daemon serverside-applied")
          .contains(
              "validatingadmissionpolicy.admissionregistration.k8s.io/nestos-node-daemon-own-nodestate");
    }
  }
}
