package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The ArgoCD health script over OSVersion/NodeConfig/RubikPolicy statuses, run by a Lua 5.1
 * interpreter.
 */
class ArgoCdHealthTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable t = new LuaTable();
      node.fields().forEachRemaining(e -> t.set(e.getKey(), toLua(e.getValue())));
      return t;
    }
    if (node.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        t.set(i + 1, toLua(node.get(i)));
      }
      return t;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }

  static Map<String, String> health(String objectJson) throws Exception {
    Path script = Path.of("nestos-operator/argocd/health.lua");
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(JSON.readTree(objectJson)));
    LuaValue result = globals.load(Files.readString(script), "health.lua").call();
    return Map.of(
        "status", result.get("status").tojstring(), "message", result.get("message").tojstring());
  }

  static String osv(long generation, long observed, String conditions) {
    return """
        {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion","metadata":{"name":"w","generation":%d},
         "status":{"observedGeneration":%d,"conditions":[%s]}}"""
        .formatted(generation, observed, conditions);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ready | Healthy | RolloutComplete",
        "stalled | Degraded | FailureBudgetExceeded: 2 nodes failed",
        "paused | Suspended | Paused",
        "progressing | Progressing | Progressing: 3/10 nodes updated",
        "stale | Progressing | has not observed generation 3",
      })
  void mapsKstatusConditionsToArgoCdHealth(String state, String status, String message)
      throws Exception {
    String ready = "{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"RolloutComplete\"}";
    String notReady = "{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"Progressing\"}";
    String json =
        switch (state) {
          case "ready" -> osv(3, 3, ready);
          case "stalled" ->
              osv(
                  3,
                  3,
                  notReady
                      + ",{\"type\":\"Stalled\",\"status\":\"True\","
                      + "\"reason\":\"FailureBudgetExceeded\",\"message\":\"2 nodes failed\"}");
          case "paused" ->
              osv(
                  3,
                  3,
                  notReady
                      + ",{\"type\":\"Reconciling\",\"status\":\"True\",\"reason\":\"Paused\"}");
          case "progressing" ->
              osv(
                  3,
                  3,
                  notReady
                      + ",{\"type\":\"Reconciling\",\"status\":\"True\","
                      + "\"reason\":\"Progressing\",\"message\":\"3/10 nodes updated\"}");
          default -> osv(3, 2, ready);
        };
    Map<String, String> health = health(json);
    assertThat(health.get("status")).isEqualTo(status);
    assertThat(health.get("message")).contains(message);
  }

  @org.junit.jupiter.api.Test
  void noStatusYetIsProgressing() throws Exception {
    assertThat(
            health("{\"kind\":\"NodeConfig\",\"metadata\":{\"name\":\"n\",\"generation\":1}}")
                .get("status"))
        .isEqualTo("Progressing");
  }
}
