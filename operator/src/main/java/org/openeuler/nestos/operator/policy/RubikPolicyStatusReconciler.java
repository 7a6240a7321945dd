package org.openeuler.nestos.operator.policy;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikPolicyStatus;
import org.openeuler.nestos.operator.core.render.Conditions;
import org.openeuler.nestos.operator.core.render.RenderResult;
import org.openeuler.nestos.operator.core.render.RubikPolicyRender;
import org.openeuler.nestos.operator.core.render.RubikPolicyStatusAggregator;
import org.openeuler.nestos.operator.render.ClusterCaches;
import org.openeuler.nestos.operator.status.UnusableObjects;

/**
 * Writes only RubikPolicy status (aggregates from the render and NodeStates, {@link
 * RubikPolicyStatusAggregator}), and, for the policy holding {@code mode: Rubik}, rubik's ConfigMap
 * and DaemonSet roll ({@link RubikModeRollout}). Every other policy asking for that mode is {@code
 * Stalled/MultipleRubikPolicies} (decided by the renderer). A config rubik would refuse is {@code
 * Stalled/InvalidSpec} and nothing is written.
 */
@ControllerConfiguration(name = RubikPolicyStatusReconciler.NAME)
public final class RubikPolicyStatusReconciler implements Reconciler<RubikPolicy> {

  public static final String NAME = "rubikpolicy-status";

  private final Clock clock;
  private final UnusableObjects unusable;
  private final RubikModeRollout rubik;
  private volatile ClusterCaches<RubikPolicy> caches;

  public RubikPolicyStatusReconciler(
      Clock clock, RubikModeRollout rubik, UnusableObjects unusable) {
    this.clock = clock;
    this.rubik = rubik;
    this.unusable = unusable;
  }

  @Override
  public List<EventSource<?, RubikPolicy>> prepareEventSources(
      EventSourceContext<RubikPolicy> context) {
    caches = new ClusterCaches<>(context, null, (resource, all) -> all);
    return caches.sources();
  }

  @Override
  public UpdateControl<RubikPolicy> reconcile(RubikPolicy rp, Context<RubikPolicy> context) {
    if (rp.getMetadata().getDeletionTimestamp() != null) {
      unusable.forget(rp);
      return UpdateControl.noUpdate();
    }
    if (unusable.skip(rp) || !StatusWrites.inCache(caches.list(RubikPolicy.class), rp)) {
      return UpdateControl.noUpdate();
    }
    String name = rp.getMetadata().getName();
    Long generation = rp.getMetadata().getGeneration();
    RenderResult render = caches.renderAll();
    List<Condition> previous = rp.getStatus() == null ? null : rp.getStatus().conditions();
    RubikPolicyStatus status =
        RubikPolicyStatusAggregator.aggregate(
            name, generation, render, caches.statuses(), previous, clock.instant());
    RubikPolicyRender r = render.rubikPolicies().get(name);
    if (rp.getSpec() != null
        && rp.getSpec().mode() == RubikPolicySpec.Mode.Rubik
        && r != null
        && !r.multipleRubik()) {
      RubikModeRollout.Result config = RubikModeRollout.render(rp.getSpec().features());
      if (config.error() != null) {
        status = stalled(status, config.error(), generation, previous);
      } else {
        rubik.apply(config);
      }
    }
    return StatusWrites.patch(rp, status, RubikPolicy::new);
  }

  private RubikPolicyStatus stalled(
      RubikPolicyStatus s, String error, Long generation, List<Condition> previous) {
    String msg = "rubik would refuse this config: " + error;
    List<Condition> fresh = new ArrayList<>();
    fresh.add(
        Conditions.of(ConditionType.READY, false, ConditionReason.INVALID_SPEC, msg, generation));
    fresh.add(
        Conditions.of(
            ConditionType.RECONCILING, false, ConditionReason.INVALID_SPEC, msg, generation));
    fresh.add(
        Conditions.of(ConditionType.STALLED, true, ConditionReason.INVALID_SPEC, msg, generation));
    s.conditions().stream()
        .filter(c -> ConditionType.DEGRADED.value().equals(c.getType()))
        .forEach(fresh::add);
    return new RubikPolicyStatus(
        s.observedGeneration(),
        Conditions.merge(previous, fresh, clock.instant()),
        s.targetNodes(),
        s.appliedNodes(),
        s.backends(),
        s.missingPrerequisites(),
        s.failedNodes());
  }
}
