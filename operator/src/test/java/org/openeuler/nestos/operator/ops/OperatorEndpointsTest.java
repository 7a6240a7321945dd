package org.openeuler.nestos.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorEndpointsTest {

  @Test
  void servesNestosMetricsAndHealth() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    metrics.nodes("workers", OperatorMetrics.NodeCount.updated, 3);
    metrics.ticketGranted("workers");
    metrics.drainTook("workers", Duration.ofSeconds(12));
    for (OperatorMetrics.NodeCount state : OperatorMetrics.NodeCount.values()) {
      if (state != OperatorMetrics.NodeCount.updated) {
        metrics.nodes("workers", state, 1);
      }
    }
    metrics.drainFailed("workers", OperatorMetrics.DrainFailure.Blocked);
    metrics.rolloutTook("workers", Duration.ofMinutes(3));
    metrics.apiError("patch", "nodes");
    metrics.plannerPass(Duration.ofMillis(3).toNanos());
    metrics.rolloutReconcile(Duration.ofMillis(40).toNanos());
    AtomicBoolean ready = new AtomicBoolean(false);
    HttpClient http = HttpClient.newHttpClient();
    try (OperatorEndpoints endpoints = new OperatorEndpoints(0, registry, ready::get)) {
      String base = "http://127.0.0.1:" + endpoints.port();
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(body)
          .contains("nestos_osversion_nodes{osversion=\"workers\",state=\"updated\"} 3.0")
          .contains("nestos_tickets_granted_total{osversion=\"workers\"} 1.0")
          .contains("nestos_drain_duration_seconds_count{osversion=\"workers\"} 1")
          .contains("nestos_osversion_nodes{osversion=\"workers\",state=\"targeted\"} 1.0")
          .contains("nestos_osversion_nodes{osversion=\"workers\",state=\"failed\"} 1.0")
          .contains("nestos_osversion_nodes{osversion=\"workers\",state=\"unavailable\"} 1.0")
          .contains("nestos_drain_failures_total{osversion=\"workers\",reason=\"Blocked\"} 1.0")
          .contains("nestos_rollout_duration_seconds_sum{osversion=\"workers\"} 180.0")
          .contains("nestos_api_errors_total{resource=\"nodes\",verb=\"patch\"} 1.0")
          .contains("nestos_planner_pass_seconds_count 1")
          .contains("nestos_planner_pass_seconds_bucket{le=\"0.005\"} 1")
          .contains("nestos_rollout_reconcile_seconds_count 1");
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(503);
      ready.set(true);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
    }
  }
}
