package org.openeuler.nestos.apiserver.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvictionDecisionTest {

  private static final ObjectMapper M = new ObjectMapper();

  /**
   * pods = number of ready "app=web" pods; unready = extra unready ones; budget = "min:2",
   * "max:25%" ...
   */
  @ParameterizedTest(name = "{0} ready + {1} unready, {2} → {3}")
  @CsvSource({
    "3,0,min:2,201",
    "2,0,min:2,429",
    "3,0,min:3,429",
    "4,0,min:50%,201",
    "2,0,min:50%,201",
    "1,0,min:50%,429",
    "3,0,min:50%,201",
    "3,0,max:1,201",
    "3,1,max:1,429",
    "4,0,max:25%,201",
    "3,0,max:0,429",
    "1,0,max:100%,201",
    "2,1,min:2,429",
    "3,1,min:2,201",
  })
  void honoursTheBudgetForAReadyPod(int ready, int unready, String budget, int code) {
    List<JsonNode> pods = pods(ready, unready);
    EvictionDecision decision =
        EvictionDecision.decide(pods.get(0), List.of(pdb("web-pdb", budget)), pods);
    assertThat(decision.code()).isEqualTo(code);
    assertThat(decision.allowed()).isEqualTo(code == 201);
  }

  @Test
  void violationLooksLikeKube() {
    List<JsonNode> pods = pods(2, 0);
    EvictionDecision d =
        EvictionDecision.decide(pods.get(0), List.of(pdb("web-pdb", "min:2")), pods);
    assertThat(d.status().path("reason").asText()).isEqualTo("TooManyRequests");
    assertThat(d.status().path("code").asInt()).isEqualTo(429);
    assertThat(d.status().path("message").asText())
        .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
    JsonNode cause = d.status().path("details").path("causes").get(0);
    assertThat(cause.path("reason").asText()).isEqualTo("DisruptionBudget");
    assertThat(cause.path("message").asText())
        .isEqualTo("The disruption budget web-pdb needs 2 healthy pods and " + "has 2 currently");
  }

  @Test
  void unreadyPodGoesWhileBudgetHoldsOrWithAlwaysAllow() {
    List<JsonNode> pods = pods(2, 1);
    JsonNode unreadyPod = pods.get(2);
    assertThat(EvictionDecision.decide(unreadyPod, List.of(pdb("p", "min:2")), pods).allowed())
        .isTrue();
    assertThat(EvictionDecision.decide(unreadyPod, List.of(pdb("p", "min:3")), pods).allowed())
        .isFalse();
    JsonNode always = pdb("p", "min:3");
    ((com.fasterxml.jackson.databind.node.ObjectNode) always.get("spec"))
        .put("unhealthyPodEvictionPolicy", "AlwaysAllow");
    assertThat(EvictionDecision.decide(unreadyPod, List.of(always), pods).allowed()).isTrue();
  }

  @Test
  void noMatchingPdbAllows() {
    List<JsonNode> pods = pods(1, 0);
    assertThat(EvictionDecision.decide(pods.get(0), List.of(), pods).code()).isEqualTo(201);
    JsonNode other =
        json(
            "{\"metadata\":{\"name\":\"o\"},\"spec\":{\"minAvailable\":5,"
                + "\"selector\":{\"matchLabels\":{\"app\":\"db\"}}}}");
    JsonNode empty =
        json("{\"metadata\":{\"name\":\"e\"},\"spec\":{\"minAvailable\":5,\"selector\":{}}}");
    EvictionDecision d = EvictionDecision.decide(pods.get(0), List.of(other, empty), pods);
    assertThat(d.allowed()).isTrue();
    assertThat(d.status().path("status").asText()).isEqualTo("Success");
  }

  @Test
  void podsOutsideTheSelectorDoNotCount() {
    List<JsonNode> pods = new ArrayList<>(pods(2, 0));
    pods.add(pod("db-0", "db", true, "Running"));
    assertThat(EvictionDecision.decide(pods.get(0), List.of(pdb("p", "min:2")), pods).allowed())
        .isFalse();
  }

  @Test
  void terminalAndPendingPodsAlwaysGo() {
    List<JsonNode> pods = pods(1, 0);
    JsonNode pdb = pdb("p", "min:5");
    for (String phase : List.of("Succeeded", "Failed", "Pending")) {
      JsonNode pod = pod("x", "web", false, phase);
      assertThat(EvictionDecision.decide(pod, List.of(pdb), pods).allowed()).as(phase).isTrue();
    }
  }

  @Test
  void twoPdbsAreAnInternalError() {
    List<JsonNode> pods = pods(3, 0);
    EvictionDecision d =
        EvictionDecision.decide(pods.get(0), List.of(pdb("a", "min:1"), pdb("b", "max:1")), pods);
    assertThat(d.code()).isEqualTo(500);
    assertThat(d.status().path("reason").asText()).isEqualTo("InternalError");
    assertThat(d.status().path("message").asText()).contains("more than one PodDisruptionBudget");
  }

  @Test
  void matchExpressionsSelect() {
    JsonNode sel =
        json(
            "{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"In\",\"values\":[\"web\"]},"
                + "{\"key\":\"tier\",\"operator\":\"DoesNotExist\"}]}");
    assertThat(LabelSelectors.matches(sel, json("{\"app\":\"web\"}"))).isTrue();
    assertThat(LabelSelectors.matches(sel, json("{\"app\":\"web\",\"tier\":\"x\"}"))).isFalse();
    assertThat(LabelSelectors.matches(sel, json("{\"app\":\"db\"}"))).isFalse();
  }

  private static List<JsonNode> pods(int ready, int unready) {
    List<JsonNode> pods = new ArrayList<>();
    for (int i = 0; i < ready + unready; i++) {
      pods.add(pod("web-" + i, "web", i < ready, "Running"));
    }
    return pods;
  }

  private static JsonNode pod(String name, String app, boolean ready, String phase) {
    return json(
        "{\"metadata\":{\"name\":\""
            + name
            + "\",\"labels\":{\"app\":\""
            + app
            + "\"}},"
            + "\"status\":{\"phase\":\""
            + phase
            + "\",\"conditions\":[{\"type\":\"Ready\",\"status\":\""
            + (ready ? "True" : "False")
            + "\"}]}}");
  }

  private static JsonNode pdb(String name, String budget) {
    String[] parts = budget.split(":");
    String field = parts[0].equals("min") ? "minAvailable" : "maxUnavailable";
    String value = parts[1].endsWith("%") ? "\"" + parts[1] + "\"" : parts[1];
    return json(
        "{\"metadata\":{\"name\":\""
            + name
            + "\"},\"spec\":{\""
            + field
            + "\":"
            + value
            + ",\"selector\":{\"matchLabels\":{\"app\":\"web\"}}}}");
  }

  private static JsonNode json(String s) {
    try {
      return M.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
