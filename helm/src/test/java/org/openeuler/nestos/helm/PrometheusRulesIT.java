package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts (helm/nestos-operator/files/prometheus-rules.yaml) with the real promtool of Debian's
 * {@code prometheus} package: {@code promtool check rules}, {@code promtool test rules} on
 * prometheus-rules.test.yaml; every alert carries a severity, a summary, a description and a
 * runbook into docs/troubleshooting.md, and has a unit test where it fires and one where it stays
 * silent; the chart renders the file as a PrometheusRule (which promtool accepts again) and the
 * dashboard as a ConfigMap only when asked to (docs/metrics.md).
 */
class PrometheusRulesIT {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> RUNBOOK_ANCHORS =
      Set.of("#rollout-stalled", "#node-failed", "#daemon-down", "#drift", "#operator-down");
  static final String RUNBOOK =
      "https://github.com/openeuler/nestos-operator/blob/main/docs/troubleshooting.md";

  final Path files = ChartTools.chart().resolve("files");

  /** promtool from PATH; missing: fails with the command that installs it. */
  static String promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(
        "promtool is missing: run "
            + ChartTools.root().resolve("scripts/install-tools")
            + " (apt-get install prometheus)");
  }

  @Test
  void promtoolCheckRulesAcceptsTheRuleFile(@TempDir Path home) throws Exception {
    ChartTools.Run check =
        ChartTools.run(
                home,
                List.of(
                    promtool(),
                    "check",
                    "rules",
                    files.resolve("prometheus-rules.yaml").toString()))
            .ok();
    System.out.println("$ promtool check rules prometheus-rules.yaml\n" + check.out());
    assertThat(check.out()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void promtoolUnitTestsOfEveryAlertPass(@TempDir Path home) throws Exception {
    ChartTools.Run test =
        ChartTools.run(
                home,
                List.of(
                    promtool(),
                    "test",
                    "rules",
                    files.resolve("prometheus-rules.test.yaml").toString()))
            .ok();
    System.out.println("$ promtool test rules prometheus-rules.test.yaml\n" + test.out());
    assertThat(test.out()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasSeveritySummaryRunbookAndFiresAndStaysSilentInTheUnitTests() throws Exception {
    JsonNode tests = YAML.readTree(files.resolve("prometheus-rules.test.yaml").toFile());
    Set<String> fires = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (JsonNode t : tests.get("tests")) {
      for (JsonNode a : t.get("alert_rule_test")) {
        (a.get("exp_alerts").isEmpty() ? silent : fires).add(a.get("alertname").asText());
      }
    }
    for (JsonNode rule : alerts()) {
      String name = rule.get("alert").asText();
      assertThat(name).startsWith("Nestos");
      assertThat(rule.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
      assertThat(rule.at("/annotations/summary").asText()).as(name).isNotBlank();
      assertThat(rule.at("/annotations/description").asText()).as(name).isNotBlank();
      String runbook = rule.at("/annotations/runbook_url").asText();
      assertThat(runbook).as(name).startsWith(RUNBOOK + "#");
      assertThat(runbook.substring(RUNBOOK.length())).as(name).isIn(RUNBOOK_ANCHORS);
      assertThat(fires).as("a unit test where " + name + " fires").contains(name);
      assertThat(silent).as("a unit test where " + name + " stays silent").contains(name);
    }
    Set<String> anchors = new HashSet<>();
    alerts()
        .forEach(r -> anchors.add(r.at("/annotations/runbook_url").asText().replace(RUNBOOK, "")));
    assertThat(anchors).as("each runbook anchor used").isEqualTo(RUNBOOK_ANCHORS);
  }

  @Test
  void theChartRendersTheRulesAndTheDashboardOnlyWhenEnabled(@TempDir Path home) throws Exception {
    String helm = ChartTools.helm("helm3");
    String chart = ChartTools.chart().toString();
    List<JsonNode> plain =
        HelmChartIT.documents(
            ChartTools.run(home, List.of(helm, "template", "nestos", chart, "-n", "nestos-system"))
                .ok()
                .out());
    assertThat(plain)
        .noneMatch(d -> d.get("kind").asText().equals("PrometheusRule"))
        .noneMatch(d -> d.at("/metadata/labels/grafana_dashboard").isTextual());

    String runbook = "https://wiki.example.com/nestos/troubleshooting";
    List<JsonNode> docs =
        HelmChartIT.documents(
            ChartTools.run(
                    home,
                    List.of(
                        helm,
                        "template",
                        "nestos",
                        chart,
                        "-n",
                        "nestos-system",
                        "--set",
                        "monitoring.prometheusRule.enabled=true",
                        "--set",
                        "monitoring.prometheusRule.labels.release=kube-prometheus-stack",
                        "--set",
                        "monitoring.prometheusRule.runbookUrl=" + runbook,
                        "--set",
                        "monitoring.grafanaDashboard.enabled=true",
                        "--set",
                        "monitoring.grafanaDashboard.namespace=monitoring"))
                .ok()
                .out());

    JsonNode rule = HelmChartIT.find(docs, "PrometheusRule", "nestos-operator");
    assertThat(rule.get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.at("/metadata/namespace").asText()).isEqualTo("nestos-system");
    assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    JsonNode expected =
        YAML.readTree(
            Files.readString(files.resolve("prometheus-rules.yaml")).replace(RUNBOOK, runbook));
    assertThat(rule.at("/spec/groups")).isEqualTo(expected.get("groups"));
    Path rendered = home.resolve("rendered-rules.yaml");
    ObjectNode groups = YAML.createObjectNode();
    groups.set("groups", rule.at("/spec/groups"));
    YAML.writeValue(rendered.toFile(), groups);
    assertThat(
            ChartTools.run(home, List.of(promtool(), "check", "rules", rendered.toString()))
                .ok()
                .out())
        .as("the rendered PrometheusRule's groups")
        .contains("SUCCESS: " + alerts().size() + " rules found");

    JsonNode cm = HelmChartIT.find(docs, "ConfigMap", "nestos-operator-dashboard");
    assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("monitoring");
    assertThat(cm.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode dashboard = JSON.readTree(cm.at("/data/nestos-operator.json").asText());
    assertThat(dashboard)
        .isEqualTo(JSON.readTree(files.resolve("grafana-dashboard.json").toFile()));
    assertThat(dashboard.get("uid").asText()).isEqualTo("nestos-operator");
  }

  private List<JsonNode> alerts() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode g :
        YAML.readTree(files.resolve("prometheus-rules.yaml").toFile()).get("groups")) {
      g.get("rules").forEach(out::add);
    }
    return out;
  }
}
