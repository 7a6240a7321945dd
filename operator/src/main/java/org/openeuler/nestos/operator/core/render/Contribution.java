package org.openeuler.nestos.operator.core.render;

import java.util.List;
import java.util.Map;

/**
 * What one policy asks of one node, in rank order: sysctls (key -> value, insertion order) and
 * ordered kernel argument tokens.
 *
 * @param party name used in conflicts (NodeConfig name, or {@code RubikPolicy/<name>})
 * @param owner owner string written into NodeState ({@code Kind/name})
 * @param sysctls key -> value
 * @param kernelArguments ordered tokens
 */
record Contribution(
    String party, String owner, Map<String, String> sysctls, List<String> kernelArguments) {}
