package org.openeuler.nestos.operator.render;

import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.operator.core.render.GrantAudit;
import org.openeuler.nestos.operator.core.render.NodeStateRenderer;
import org.openeuler.nestos.operator.core.render.RenderResult;
import org.openeuler.nestos.operator.core.render.RenderedNode;
import org.openeuler.nestos.operator.events.EventReason;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.informers.SharedInformers;
import org.openeuler.nestos.operator.nodestate.FabricNodeStateSpecs;
import org.openeuler.nestos.operator.nodestate.NodeStateSpecs;
import org.openeuler.nestos.operator.ops.OperatorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NodeState renderer's reconciler: primary resource Node, one reconcile per node.
 *
 * <p>Trigger design: a node's render depends only on its own labels and uid, the set of CRs and its
 * own NodeState ({@link NodeStateRenderer} renders each node independently), so each Node is
 * reconciled on its own: a Node event reconciles that node (label/uid changes only), a NodeState
 * event reconciles the node of the same name, and any OSVersion, NodeConfig or RubikPolicy spec
 * change (or creation, deletion) fans out to every node, and so does a Namespace label change while
 * some RubikPolicy has an {@code offline.namespaceSelector} (its resolution is part of the winning
 * profile; nodes whose render is unchanged get no write). JOSDK serialises reconciles per node,
 * re-lists everything at start (so CRs deleted while the operator was down vanish from the
 * NodeStates after a restart) and, with leader election, starts reconciling only once leader and
 * synced.
 *
 * <p>observe (informer caches) -> plan ({@link NodeStateRenderer#render}, pure) -> act ({@link
 * NodeStateSpecs#render}, which skips no-op writes). Every node gets a NodeState, an empty one when
 * nothing selects it, so its daemon restores originals. NodeStates of deleted Nodes are removed by
 * the garbage collector (ownerReference to the Node). No status: Node status is kubelet's.
 *
 * <p>The render also judges {@code spec.disruption} ({@link GrantAudit}): a grant whose update
 * ended is cleared, and one the operator did not issue is reverted, logged and reported with a
 * {@link EventReason#ForeignGrantReverted} event on the Node and the {@code
 * nestos_foreign_grants_reverted_total} metric.
 */
// a pass that threw is retried without end (the SDK gives up after 5 by default, and nothing may
// trigger the object again: a deleted OSVersion's cleanup, chaos seed 443, docs/chaos.md)
@GradualRetry(maxAttempts = -1, maxInterval = 30_000)
@ControllerConfiguration(
    name = NodeStateRenderReconciler.NAME,
    generationAwareEventProcessing = false)
public final class NodeStateRenderReconciler implements Reconciler<Node> {

  public static final String NAME = "nodestate-renderer";

  private static final Logger LOG = LoggerFactory.getLogger(NodeStateRenderReconciler.class);

  /** Delay of the render after one that was not applied. */
  static final long RERENDER_AFTER_MILLIS = 1_000;

  private final NodeStateSpecs specs;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final AtomicLong reconciles = new AtomicLong();
  private final SharedInformers informers;
  private volatile ClusterCaches<Node> caches;

  public NodeStateRenderReconciler(
      SharedInformers informers,
      NodeStateSpecs specs,
      EventRecorder events,
      OperatorMetrics metrics) {
    this.informers = informers;
    this.specs = specs;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, Node>> prepareEventSources(EventSourceContext<Node> context) {
    ClusterCaches<Node> c =
        new ClusterCaches<>(
            informers,
            context,
            Node.class,
            (resource, all) -> {
              if (resource instanceof NodeState ns) {
                return Set.of(new ResourceID(ns.getMetadata().getName()));
              }
              return all.get();
            });
    caches = c;
    if (specs instanceof FabricNodeStateSpecs fabric) {
      fabric.useCache(c::nodeState);
    }
    return c.sources();
  }

  @Override
  public UpdateControl<Node> reconcile(Node node, Context<Node> context) {
    try {
      if (node.getMetadata().getDeletionTimestamp() != null) {
        return UpdateControl.noUpdate();
      }
      RenderResult result = NodeStateRenderer.render(caches.input(List.of(node)));
      String name = node.getMetadata().getName();
      RenderedNode rendered = result.nodes().get(name);
      boolean written =
          specs.render(name, node.getMetadata().getUid(), rendered.spec(), rendered.basis());
      GrantAudit.Revoked revoked = rendered.revokedGrant();
      if (written && revoked != null) {
        if (revoked.foreign()) {
          LOG.warn(
              "node={} NodeState spec.disruption reverted: {} (grant {})",
              name,
              revoked.reason(),
              revoked.grant());
          metrics.foreignGrantReverted();
          events.record(
              node,
              EventReason.ForeignGrantReverted,
              "NodeState "
                  + name
                  + ": reverted a "
                  + revoked.grant().allowed()
                  + " grant the operator did not issue: "
                  + revoked.reason());
        } else {
          LOG.info(
              "node={} grant {} cleared: {}", name, revoked.grant().ticket(), revoked.reason());
        }
      }
      if (!written) {
        // not applied (a conflict or a grant that arrived meanwhile): the change that caused it
        // normally triggers a fresh render; render again anyway, so a grant to clear never waits
        // for an event that does not come (chaos seed 35, docs/chaos.md)
        return UpdateControl.<Node>noUpdate().rescheduleAfter(RERENDER_AFTER_MILLIS);
      }
      return UpdateControl.noUpdate();
    } finally {
      reconciles.incrementAndGet();
    }
  }

  /** Reconciles completed so far (tests wait on it). */
  public long reconciles() {
    return reconciles.get();
  }
}
