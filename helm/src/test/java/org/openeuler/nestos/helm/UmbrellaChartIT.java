package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart as a subchart: an umbrella chart (src/test/resources/umbrella) names it as a {@code
 * file://} dependency with a {@code condition}; {@code helm dependency update} (offline), {@code
 * helm lint} and {@code helm template} with the subchart's values under its key and shared values
 * under {@code global}, with helm 3 and helm 4. Helm hands every subchart {@code global} (and the
 * condition's {@code enabled}): a schema without them refuses the umbrella.
 */
class UmbrellaChartIT {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void theChartWorksAsASubchart(String which, @TempDir Path dir) throws Exception {
    Path home = dir.resolve("helm-home");
    copy(ChartTools.chart(), dir.resolve("nestos-operator"));
    Path umbrella = dir.resolve("platform");
    copy(ChartTools.root().resolve("helm/src/test/resources/umbrella"), umbrella);
    String helm = ChartTools.helm(which);

    ChartTools.Run dep =
        ChartTools.run(home, List.of(helm, "dependency", "update", umbrella.toString()));
    print(which, "dependency update platform", dep);
    dep.ok();
    assertThat(umbrella.resolve("charts/nestos-operator-0.1.0.tgz")).exists();

    ChartTools.Run lint =
        ChartTools.run(home, List.of(helm, "lint", "--strict", umbrella.toString()));
    print(which, "lint --strict platform", lint);
    lint.ok();
    assertThat(lint.out()).contains("1 chart(s) linted, 0 chart(s) failed");

    ChartTools.Run template =
        ChartTools.run(
            home,
            List.of(
                helm,
                "template",
                "platform",
                umbrella.toString(),
                "-n",
                "platform-system",
                "--set",
                "global.clusterName=prod-1",
                "--set",
                "nestos-operator.operator.javaToolOptions=-Xmx256m"));
    System.out.printf(
        "$ %s template platform platform/ --set global.clusterName=prod-1 ...: exit %d, %d"
            + " objects%n",
        which, template.exit(), HelmChartIT.documents(template.out()).size());
    template.ok();
    List<JsonNode> docs = HelmChartIT.documents(template.out());
    JsonNode operator = ChartValuesIT.object(docs, "Deployment", "nestos-operator").orElseThrow();
    // the subchart's values from the umbrella's values.yaml and --set under its key
    assertThat(operator.path("spec").path("replicas").asInt()).isEqualTo(3);
    JsonNode pod = operator.path("spec").path("template").path("spec");
    assertThat(ChartValuesIT.env(pod, "NESTOS_LOG_LEVEL")).isEqualTo("debug");
    assertThat(ChartValuesIT.env(pod, "JAVA_TOOL_OPTIONS")).isEqualTo("-Xmx256m");
    assertThat(ChartValuesIT.env(pod, "NESTOS_RUBIK_INTEROP")).isEqualTo("true");
    assertThat(operator.path("metadata").path("namespace").asText()).isEqualTo("platform-system");
    assertThat(
            ChartValuesIT.object(docs, "Role", "nestos-operator-pull-secrets")
                .orElseThrow()
                .path("rules")
                .get(0)
                .path("resourceNames")
                .toString())
        .isEqualTo("[\"nestos-registry\"]");
    assertThat(ChartValuesIT.object(docs, "Role", "nestos-operator-rubik")).isPresent();

    // the dependency's condition turns it off
    ChartTools.Run off =
        ChartTools.run(
            home,
            List.of(
                helm,
                "template",
                "platform",
                umbrella.toString(),
                "--set",
                "nestos-operator.enabled=false"));
    off.ok();
    assertThat(HelmChartIT.documents(off.out())).isEmpty();

    // the subchart's schema still applies under its key
    ChartTools.Run bad =
        ChartTools.run(
            home,
            List.of(
                helm,
                "template",
                "platform",
                umbrella.toString(),
                "--set",
                "nestos-operator.daemon.commandMode=bash"));
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.out()).contains("nestos-operator").contains("commandMode");
  }

  private static void print(String which, String command, ChartTools.Run r) {
    System.out.printf("$ %s %s%n%s%n", which, command, r.out().strip());
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
