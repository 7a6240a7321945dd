package org.openeuler.nestos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.simulator.Cr.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics the alerts and the dashboard use are the ones the code exports: the real operator and
 * the real daemons of a simulated cluster run a small rollout, their {@code /metrics} endpoints
 * ({@code OperatorEndpoints}, {@code OpsServer}) are scraped, and every metric name in
 * helm/nestos-operator/files/prometheus-rules.yaml and grafana-dashboard.json must be among the
 * scraped series ({@code up} aside, which Prometheus adds). docs/metrics.md documents exactly the
 * {@code nestos_*} families exported.
 */
class MetricsCatalogE2E {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  /** Series Prometheus itself adds to every target. */
  static final Set<String> SCRAPE_SERIES = Set.of("up");

  /**
   * Operator counters created at their first occurrence (a failed API call, an unusable object, a
   * PSI eviction, a dropped event).
   */
  static final Set<String> LAZY =
      Set.of(
          "nestos_api_errors_total",
          "nestos_unusable_objects_total",
          "nestos_psi_evictions_total",
          "nestos_events_dropped_total");

  SimulatedCluster cluster;
  // made after the cluster: the JDK reads its default trust store once, the registry sets it
  HttpClient http;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyMetricTheAlertsAndTheDashboardNameIsScrapedFromTheOperatorOrTheDaemons()
      throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(2));
    String image = cluster.osImage("24.03.1");
    Cr.apply(cluster, Cr.osVersion("workers", image, "maxUnavailable: 1", 30, 1));
    await(
        cluster,
        WAIT,
        "OSVersion Ready",
        () -> "True/RolloutComplete".equals(Cr.condition(cluster, "workers", "Ready")));
    // one GC, so that the GC pause timer has its first sample in every registry
    System.gc();
    http = HttpClient.newHttpClient();

    String operator = scrape(cluster.operatorMetricsPort(SimulatedCluster.IDENTITY));
    List<String> daemons = new ArrayList<>();
    for (SimulatedNode n : cluster.nodes()) {
      String text = scrape(n.metricsPort());
      daemons.add(text);
      assertThat(text)
          .as(n.name() + ": the booted deployment after the reboot")
          .contains(
              "nestos_node_os_info{checksum=\""
                  + n.booted().checksum()
                  + "\",image=\""
                  + n.booted().imageReference()
                  + "\",node=\""
                  + n.name()
                  + "\",version=\"24.03.1\"} 1");
      assertThat(text)
          .contains("nestos_daemon_state{node=\"" + n.name() + "\",state=\"UPDATED\"} 1.0")
          .containsPattern(
              "nestos_daemon_verify_duration_seconds_count\\{node=\"" + n.name() + "\"} [1-9]");
    }
    assertThat(operator)
        .contains("nestos_osversion_nodes{osversion=\"workers\",state=\"updated\"} 2.0")
        .contains(
            "nestos_osversion_ready_reason{osversion=\"workers\",reason=\"RolloutComplete\"} 1.0")
        .contains("nestos_operator_leader 1.0")
        .containsPattern("nestos_drain_duration_seconds_count\\{osversion=\"workers\"} [1-9]")
        .containsPattern("nestos_rollout_duration_seconds_count\\{osversion=\"workers\"} 1");

    Set<String> exported = new TreeSet<>(SCRAPE_SERIES);
    exported.addAll(series(operator));
    daemons.forEach(d -> exported.addAll(series(d)));

    Path files = root().resolve("helm/nestos-operator/files");
    TreeMap<String, Set<String>> named = new TreeMap<>();
    for (JsonNode g :
        YAML.readTree(files.resolve("prometheus-rules.yaml").toFile()).get("groups")) {
      for (JsonNode r : g.get("rules")) {
        named.put("alert " + r.get("alert").asText(), PromQlNames.of(r.get("expr").asText()));
      }
    }
    JsonNode dashboard = JSON.readTree(files.resolve("grafana-dashboard.json").toFile());
    for (JsonNode p : dashboard.get("panels")) {
      int i = 0;
      for (JsonNode t : p.path("targets")) {
        named.put(
            "panel " + p.get("title").asText() + " #" + i++,
            PromQlNames.of(t.get("expr").asText()));
      }
    }
    for (JsonNode v : dashboard.at("/templating/list")) {
      if (v.has("definition")) {
        named.put(
            "variable " + v.get("name").asText(), PromQlNames.of(v.get("definition").asText()));
      }
    }
    assertThat(named).hasSizeGreaterThan(30);
    named.forEach(
        (where, names) -> {
          assertThat(names).as(where + " names a metric").isNotEmpty();
          assertThat(exported).as(where + ": every metric it names is scraped").containsAll(names);
        });

    Set<String> families = new TreeSet<>(nestosFamilies(operator));
    daemons.forEach(d -> families.addAll(nestosFamilies(d)));
    Set<String> documented = new TreeSet<>();
    Matcher m =
        Pattern.compile("^\\| `(nestos_[a-z_]+)`", Pattern.MULTILINE)
            .matcher(Files.readString(root().resolve("docs/metrics.md")));
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).as("docs/metrics.md documents what is exported").containsAll(families);
    documented.removeAll(families);
    assertThat(documented)
        .as("documented, not exported: only the counters created at their first occurrence")
        .containsExactlyInAnyOrderElementsOf(LAZY);
  }

  private String scrape(int port) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** The series names of a Prometheus text scrape (histograms as their _bucket/_sum/_count). */
  static Set<String> series(String text) {
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  /** {@code nestos_*} families by their TYPE line; a timer's {@code _max} gauge is its own. */
  static Set<String> nestosFamilies(String text) {
    Set<String> names = new TreeSet<>();
    Set<String> timers = new TreeSet<>();
    for (String line : text.split("\n")) {
      String[] f = line.split(" ");
      if (line.startsWith("# TYPE nestos_")) {
        names.add(f[2]);
        if (f[3].equals("histogram")) {
          timers.add(f[2] + "_max");
        }
      }
    }
    names.removeAll(timers);
    return names;
  }

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve(".mvn/maven.version"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
