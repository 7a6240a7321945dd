package org.openeuler.nestos.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * Computed cells kube-apiserver's printers produce for core Nodes and Pods, which no JSONPath
 * expresses.
 */
final class BuiltinCells {

  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

  private BuiltinCells() {}

  static Optional<Object> cell(ResourceType type, String column, JsonNode obj) {
    if (!type.group().isEmpty() || type.isCustom()) {
      return Optional.empty();
    }
    return switch (type.kind() + "/" + column) {
      case "Node/Status" -> Optional.of(nodeStatus(obj));
      case "Node/Roles" -> Optional.of(nodeRoles(obj));
      case "Pod/Ready" -> Optional.of(podReady(obj));
      case "Pod/Status" -> Optional.of(podStatus(obj));
      case "Pod/Restarts" -> Optional.of(podRestarts(obj));
      default -> Optional.empty();
    };
  }

  /**
   * {@code Ready}, {@code NotReady} or {@code Unknown}, plus {@code ,SchedulingDisabled} when
   * cordoned.
   */
  static String nodeStatus(JsonNode node) {
    String ready = condition(node, "Ready").path("status").asText("");
    String status =
        switch (ready) {
          case "True" -> "Ready";
          case "False" -> "NotReady";
          default -> "Unknown";
        };
    return node.path("spec").path("unschedulable").asBoolean(false)
        ? status + ",SchedulingDisabled"
        : status;
  }

  static String nodeRoles(JsonNode node) {
    List<String> roles = new ArrayList<>();
    node.path("metadata")
        .path("labels")
        .fieldNames()
        .forEachRemaining(
            label -> {
              if (label.startsWith(ROLE_PREFIX) && label.length() > ROLE_PREFIX.length()) {
                roles.add(label.substring(ROLE_PREFIX.length()));
              } else if (label.equals("kubernetes.io/role")) {
                roles.add(node.path("metadata").path("labels").path(label).asText());
              }
            });
    return roles.isEmpty() ? "<none>" : String.join(",", roles.stream().sorted().toList());
  }

  static String podReady(JsonNode pod) {
    int total = pod.path("spec").path("containers").size();
    long ready = 0;
    for (JsonNode cs : pod.path("status").path("containerStatuses")) {
      ready += cs.path("ready").asBoolean(false) ? 1 : 0;
    }
    return ready + "/" + total;
  }

  /**
   * Phase, overridden by status.reason, a container's waiting/terminated reason, or Terminating.
   */
  static String podStatus(JsonNode pod) {
    JsonNode status = pod.path("status");
    String reason = status.path("reason").asText(status.path("phase").asText("Pending"));
    for (JsonNode cs : status.path("containerStatuses")) {
      JsonNode state = cs.path("state");
      String waiting = state.path("waiting").path("reason").asText("");
      String terminated = state.path("terminated").path("reason").asText("");
      if (!waiting.isEmpty()) {
        reason = waiting;
      } else if (!terminated.isEmpty()) {
        reason = terminated;
      }
    }
    if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
      reason = "NodeLost".equals(status.path("reason").asText()) ? "Unknown" : "Terminating";
    }
    return reason;
  }

  static long podRestarts(JsonNode pod) {
    long restarts = 0;
    for (JsonNode cs : pod.path("status").path("containerStatuses")) {
      restarts += cs.path("restartCount").asLong(0);
    }
    return restarts;
  }

  static JsonNode condition(JsonNode obj, String type) {
    for (JsonNode c : obj.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
