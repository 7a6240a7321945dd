package org.openeuler.nestos.operator.core.render;

import java.util.List;
import org.openeuler.nestos.api.v1alpha1.SysctlConflict;

/**
 * What the render means for one NodeConfig.
 *
 * @param name the NodeConfig
 * @param targetNodes nodes it selects (sorted)
 * @param conflicts every key it is in conflict on, aggregated over nodes, sorted by key (unbounded;
 *     the status aggregator bounds it to {@link NodeConfigStatusAggregator#MAX_CONFLICTS})
 * @param refusedTokens kernel-argument tokens refused as host-owned or malformed (sorted, distinct)
 */
public record NodeConfigRender(
    String name,
    List<String> targetNodes,
    List<SysctlConflict> conflicts,
    List<String> refusedTokens) {
  public NodeConfigRender {
    targetNodes = List.copyOf(targetNodes);
    conflicts = List.copyOf(conflicts);
    refusedTokens = List.copyOf(refusedTokens);
  }
}
