package org.openeuler.nestos.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.apiserver.table.JsonPathEvaluatorTest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.ResourceType;
import org.openeuler.nestos.apiserver.registry.TestCrds;

class TablesTest {

  private static final Instant NOW = Instant.parse("2024-01-03T03:00:00Z");
  private final ResourceRegistry registry = TestCrds.registry();

  @Test
  void crdTableUsesPrinterColumnsWithNameFirst() {
    ResourceType osv =
        registry.find("nestos.openeuler.org", "v1alpha1", "osversions").orElseThrow();
    JsonNode obj =
        parse(
            """
                {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion",
                 "metadata":{"name":"v24","creationTimestamp":"2024-01-01T00:00:00Z","resourceVersion":"7"},
                 "spec":{"osImage":"nestos:24.03","rollout":{"paused":true}},
                 "status":{"updatedNodes":3,"conditions":[{"type":"Ready","status":"False","reason":"Rolling"}]}}
                """);
    ObjectNode table = Tables.build(osv, List.of(obj), true, NOW);
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Target", "Ready", "Reason", "Updated", "Paused", "Age");
    assertThat(table.path("columnDefinitions").get(0).path("format").asText()).isEqualTo("name");
    assertThat(table.path("columnDefinitions").get(5).path("priority").asInt()).isEqualTo(1);
    JsonNode row = table.path("rows").get(0);
    assertThat(row.path("cells").toString())
        .isEqualTo("[\"v24\",\"nestos:24.03\",\"False\",\"Rolling\",3,true,\"2d3h\"]");
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(row.path("object").path("metadata").path("name").asText()).isEqualTo("v24");
  }

  @Test
  void missingOrMistypedValuesAreNullCells() {
    ResourceType osv =
        registry.find("nestos.openeuler.org", "v1alpha1", "osversions").orElseThrow();
    JsonNode obj =
        parse(
            """
                {"metadata":{"name":"bare","creationTimestamp":"2024-01-03T02:59:00Z"},"status":{"updatedNodes":"x"}}
                """);
    JsonNode row = Tables.build(osv, List.of(obj), false, NOW).path("rows").get(0);
    assertThat(row.path("cells").toString())
        .isEqualTo("[\"bare\",null,null,null,null,null,\"60s\"]");
    assertThat(row.has("object")).isFalse();
  }

  @Test
  void nodeTableLooksLikeKubectl() {
    ResourceType nodes = registry.find("", "v1", "nodes").orElseThrow();
    JsonNode node =
        parse(
            """
                {"metadata":{"name":"n1","creationTimestamp":"2024-01-03T02:55:00Z",
                   "labels":{"node-role.kubernetes.io/control-plane":"","kubernetes.io/os":"linux"}},
                 "spec":{"unschedulable":true},
                 "status":{"conditions":[{"type":"Ready","status":"True"}],
                   "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"NestOS 24.03"}}}
                """);
    ObjectNode table = Tables.build(nodes, List.of(node), IncludeObject.OBJECT, true, NOW);
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .startsWith("Name", "Status", "Roles", "Age", "Version");
    assertThat(table.path("rows").get(0).path("cells").toString())
        .startsWith(
            "[\"n1\",\"Ready,SchedulingDisabled\",\"control-plane\",\"5m\",\"v1.32.0\",null,\"NestOS 24.03\"");
    assertThat(
            table.path("rows").get(0).path("object").path("spec").path("unschedulable").asBoolean())
        .isTrue();
  }

  @Test
  void podTableComputesReadyStatusRestarts() {
    ResourceType pods = registry.find("", "v1", "pods").orElseThrow();
    JsonNode pod =
        parse(
            """
                {"metadata":{"name":"p","creationTimestamp":"2024-01-03T02:00:00Z"},
                 "spec":{"nodeName":"n1","containers":[{"name":"a"},{"name":"b"}]},
                 "status":{"phase":"Running","podIP":"10.0.0.5","containerStatuses":[
                   {"name":"a","ready":true,"restartCount":1,"state":{"running":{}}},
                   {"name":"b","ready":false,"restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}
                """);
    JsonNode cells = Tables.build(pods, List.of(pod), true, NOW).path("rows").get(0).path("cells");
    assertThat(cells.toString())
        .isEqualTo("[\"p\",\"1/2\",\"CrashLoopBackOff\",3,\"60m\",\"10.0.0.5\",\"n1\"]");
  }

  @Test
  void watchEventsCarryHeadersOnlyFirst() {
    ResourceType osv =
        registry.find("nestos.openeuler.org", "v1alpha1", "osversions").orElseThrow();
    JsonNode obj = parse("{\"metadata\":{\"name\":\"v\",\"resourceVersion\":\"42\"}}");
    ObjectNode first = Tables.watchEvent("ADDED", osv, obj, IncludeObject.METADATA, true, NOW);
    assertThat(first.path("type").asText()).isEqualTo("ADDED");
    assertThat(first.path("object").path("kind").asText()).isEqualTo("Table");
    assertThat(first.path("object").path("metadata").path("resourceVersion").asText())
        .isEqualTo("42");
    assertThat(first.path("object").path("columnDefinitions")).isNotEmpty();
    assertThat(first.path("object").path("rows")).hasSize(1);
    ObjectNode later = Tables.buildWatchEventObject(osv, obj, IncludeObject.METADATA, false, NOW);
    assertThat(later.path("columnDefinitions")).isEmpty();
    assertThat(later.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("v");
  }

  @ParameterizedTest
  @CsvSource({
    "0,0s",
    "119,119s",
    "120,2m",
    "330,5m30s",
    "600,10m",
    "10799,179m",
    "10800,3h",
    "11700,3h15m",
    "28800,8h",
    "172800,2d",
    "183600,2d3h",
    "691200,8d",
    "63072000,2y",
    "63158400,2y1d",
    "252460800,8y"
  })
  void rendersAgesLikeKubectl(long seconds, String expected) {
    assertThat(HumanDuration.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void includeObjectParsesQueryParameter() {
    assertThat(IncludeObject.parse(null)).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.parse("Object")).isEqualTo(IncludeObject.OBJECT);
    assertThat(IncludeObject.parse("None")).isEqualTo(IncludeObject.NONE);
  }
}
