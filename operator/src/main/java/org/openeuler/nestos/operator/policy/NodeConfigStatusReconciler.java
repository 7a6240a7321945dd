package org.openeuler.nestos.operator.policy;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.List;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeConfigStatus;
import org.openeuler.nestos.operator.core.render.NodeConfigStatusAggregator;
import org.openeuler.nestos.operator.core.render.RenderResult;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.informers.SharedInformers;
import org.openeuler.nestos.operator.render.ClusterCaches;
import org.openeuler.nestos.operator.status.UnusableObjects;

/**
 * Writes only NodeConfig status: observe (caches) -> plan (full render + {@link
 * NodeConfigStatusAggregator}, pure) -> patch status (skipped when unchanged), its changes as
 * Events ({@link PolicyEvents}). Conflicts depend on every other NodeConfig and RubikPolicy, counts
 * on every Node and NodeState, so every event of those types reconciles every NodeConfig; one
 * render is shared by them ({@link ClusterCaches#renderAll()}).
 */
@ControllerConfiguration(name = NodeConfigStatusReconciler.NAME)
public final class NodeConfigStatusReconciler implements Reconciler<NodeConfig> {

  public static final String NAME = "nodeconfig-status";

  private final Clock clock;
  private final UnusableObjects unusable;
  private final PolicyEvents events;
  private final SharedInformers informers;
  private volatile ClusterCaches<NodeConfig> caches;

  public NodeConfigStatusReconciler(
      SharedInformers informers, Clock clock, UnusableObjects unusable, EventRecorder events) {
    this.informers = informers;
    this.clock = clock;
    this.unusable = unusable;
    this.events = new PolicyEvents(events);
  }

  @Override
  public List<EventSource<?, NodeConfig>> prepareEventSources(
      EventSourceContext<NodeConfig> context) {
    caches = new ClusterCaches<>(informers, context, null, (resource, all) -> all.get());
    return caches.sources();
  }

  @Override
  public UpdateControl<NodeConfig> reconcile(NodeConfig nc, Context<NodeConfig> context) {
    if (nc.getMetadata().getDeletionTimestamp() != null) {
      unusable.forget(nc);
      return UpdateControl.noUpdate();
    }
    if (unusable.skip(nc)) {
      return UpdateControl.noUpdate();
    }
    if (!StatusWrites.inCache(caches.list(NodeConfig.class), nc)) {
      return UpdateControl.noUpdate();
    }
    RenderResult render = caches.renderAll();
    NodeConfigStatus previous = nc.getStatus();
    NodeConfigStatus status =
        NodeConfigStatusAggregator.aggregate(
            nc.getMetadata().getName(),
            nc.getMetadata().getGeneration(),
            render,
            caches.statuses(),
            previous == null ? null : previous.conditions(),
            clock.instant());
    events.record(nc, previous == null ? null : previous.conditions(), status.conditions());
    return StatusWrites.patch(nc, status, NodeConfig::new);
  }
}
