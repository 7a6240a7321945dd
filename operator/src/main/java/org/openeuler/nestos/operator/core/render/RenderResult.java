package org.openeuler.nestos.operator.core.render;

import java.util.Map;

/**
 * The renderer's output; every map is sorted by name.
 *
 * @param nodes one render per input node, by node name
 * @param osVersions per OSVersion, by name
 * @param nodeConfigs per NodeConfig, by name
 * @param rubikPolicies per RubikPolicy, by name
 */
public record RenderResult(
    Map<String, RenderedNode> nodes,
    Map<String, OsVersionRender> osVersions,
    Map<String, NodeConfigRender> nodeConfigs,
    Map<String, RubikPolicyRender> rubikPolicies) {
  public RenderResult {
    nodes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(nodes));
    osVersions = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(osVersions));
    nodeConfigs = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(nodeConfigs));
    rubikPolicies =
        java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(rubikPolicies));
  }
}
