package org.openeuler.nestos.operator.core.render;

import java.util.List;
import java.util.Map;

/**
 * Everything the renderer reads, level-based: every node, every CR, and the NodeStates as they are
 * now.
 *
 * @param nodes all nodes (names unique)
 * @param osVersions all OSVersions (names unique)
 * @param nodeConfigs all NodeConfigs (names unique)
 * @param rubikPolicies all RubikPolicies (names unique)
 * @param current NodeStates by node name; a missing entry means none exists yet
 * @param namespaces every namespace's labels by namespace name, for RubikPolicy {@code
 *     offline.namespaceSelector}
 */
public record RenderInput(
    List<NodeInfo> nodes,
    List<OsVersionInput> osVersions,
    List<NodeConfigInput> nodeConfigs,
    List<RubikPolicyInput> rubikPolicies,
    Map<String, CurrentNodeState> current,
    Map<String, Map<String, String>> namespaces) {

  /** An input without namespaces (no namespaceSelector matches anything). */
  public RenderInput(
      List<NodeInfo> nodes,
      List<OsVersionInput> osVersions,
      List<NodeConfigInput> nodeConfigs,
      List<RubikPolicyInput> rubikPolicies,
      Map<String, CurrentNodeState> current) {
    this(nodes, osVersions, nodeConfigs, rubikPolicies, current, Map.of());
  }

  public RenderInput {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    osVersions = osVersions == null ? List.of() : List.copyOf(osVersions);
    nodeConfigs = nodeConfigs == null ? List.of() : List.copyOf(nodeConfigs);
    rubikPolicies = rubikPolicies == null ? List.of() : List.copyOf(rubikPolicies);
    current = current == null ? Map.of() : Map.copyOf(current);
    namespaces = namespaces == null ? Map.of() : Map.copyOf(namespaces);
  }
}
