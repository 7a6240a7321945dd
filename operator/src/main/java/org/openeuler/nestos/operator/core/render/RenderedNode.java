package org.openeuler.nestos.operator.core.render;

import java.util.List;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;

/**
 * One node's render.
 *
 * @param spec the NodeState spec to write ({@code disruption} carried over unchanged)
 * @param imagePolicy the owning OSVersion's image policy (the daemon builds the transport reference
 *     from it); null when no OSVersion owns the node
 * @param ownerRetained the OSVersion target was kept from the previous spec because an update is in
 *     flight
 * @param conflicts conflicts on this node (sysctl keys and {@code karg:} groups)
 * @param basis the disruption the render read (the write is skipped if it changed meanwhile)
 * @param revokedGrant the grant this render withdraws ({@link GrantAudit}), or null
 */
public record RenderedNode(
    NodeStateSpec spec,
    ImagePolicy imagePolicy,
    boolean ownerRetained,
    List<NodeConflict> conflicts,
    Disruption basis,
    GrantAudit.Revoked revokedGrant) {
  public RenderedNode {
    conflicts = List.copyOf(conflicts);
  }

  /** A render that kept the disruption it read. */
  public RenderedNode(
      NodeStateSpec spec,
      ImagePolicy imagePolicy,
      boolean ownerRetained,
      List<NodeConflict> conflicts) {
    this(spec, imagePolicy, ownerRetained, conflicts, spec.disruption(), null);
  }
}
