package org.openeuler.nestos.operator.policy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikPolicyStatus;
import org.openeuler.nestos.operator.core.render.Conditions;
import org.openeuler.nestos.operator.core.render.RenderResult;
import org.openeuler.nestos.operator.core.render.RubikPolicyRender;
import org.openeuler.nestos.operator.core.render.RubikPolicyStatusAggregator;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.informers.SharedInformers;
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

  /** How soon a policy whose rubik writes met a 403 is tried again. */
  static final Duration FORBIDDEN_RETRY = Duration.ofMinutes(2);

  private final Clock clock;
  private final UnusableObjects unusable;
  private final RubikModeRollout rubik;
  private final PolicyEvents events;
  private final PsiEvictions evictions;
  private final SharedInformers informers;
  private volatile ClusterCaches<RubikPolicy> caches;

  public RubikPolicyStatusReconciler(
      SharedInformers informers,
      Clock clock,
      RubikModeRollout rubik,
      UnusableObjects unusable,
      EventRecorder events,
      PsiEvictions evictions) {
    this.informers = informers;
    this.clock = clock;
    this.evictions = evictions;
    this.rubik = rubik;
    this.unusable = unusable;
    this.events = new PolicyEvents(events);
  }

  @Override
  public List<EventSource<?, RubikPolicy>> prepareEventSources(
      EventSourceContext<RubikPolicy> context) {
    caches = new ClusterCaches<>(informers, context, null, (resource, all) -> all.get());
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
    if (rp.getSpec() != null && RubikModeRollout.ioWeightWithoutDevices(rp.getSpec())) {
      status =
          degradedIfNotYet(
              status,
              ConditionReason.IO_COST_DEVICES_MISSING,
              "features.ioWeight in mode Rubik needs spec.ioCost devices: rubik's iocost weighs IO"
                  + " only on the devices it is given; the other features apply",
              generation,
              previous);
    }
    if (rp.getSpec() != null
        && rp.getSpec().mode() == RubikPolicySpec.Mode.Rubik
        && r != null
        && !r.multipleRubik()) {
      RubikModeRollout.Result config = RubikModeRollout.render(rp.getSpec());
      RubikModeRollout.Target t = rubik.target();
      if (config.error() != null) {
        status =
            stalled(
                status,
                ConditionReason.INVALID_SPEC,
                "rubik would refuse this config: " + config.error(),
                generation,
                previous);
      } else if (!rubik.enabled()) {
        // no RBAC in rubik's namespace: say so once instead of failing every reconcile on a 403
        status =
            stalled(
                status,
                ConditionReason.RUBIK_INTEROP_DISABLED,
                "mode Rubik needs rubik interop, which is off in this installation: set the chart"
                    + " value rubik.interop.enabled=true (it lets the operator update ConfigMap "
                    + t.configMapNamespace()
                    + "/"
                    + t.configMapName()
                    + " and roll DaemonSet "
                    + t.daemonSetNamespace()
                    + "/"
                    + t.daemonSetName()
                    + "), or use mode Native",
                generation,
                previous);
      } else {
        try {
          rubik.apply(config);
        } catch (KubernetesClientException e) {
          if (e.getCode() != 403) {
            throw e;
          }
          status =
              stalled(
                  status,
                  ConditionReason.RUBIK_INTEROP_FORBIDDEN,
                  "the apiserver refused the operator's write of rubik's objects ("
                      + e.getStatus().getMessage()
                      + "); the chart's rubik.interop grants get/update of an existing ConfigMap "
                      + t.configMapNamespace()
                      + "/"
                      + t.configMapName()
                      + " (rubik's install creates it) and get/patch of DaemonSet "
                      + t.daemonSetNamespace()
                      + "/"
                      + t.daemonSetName()
                      + ": check rubik.namespace, rubik.configMapName and rubik.daemonSetName",
                  generation,
                  previous);
          // RBAC may be fixed without a change to this policy: look again, slowly
          return write(rp, previous, status).rescheduleAfter(FORBIDDEN_RETRY);
        }
      }
    }
    UpdateControl<RubikPolicy> control = write(rp, previous, status);
    // features.psi (mode Native): evict where this policy's nodes report pressure; look again when
    // the throttle lets the next pod go, while the pressure lasts
    Optional<Duration> again =
        evictions == null
            ? Optional.empty()
            : evictions.run(rp, caches.list(NodeState.class).toList());
    return again.isPresent() ? control.rescheduleAfter(again.get()) : control;
  }

  private UpdateControl<RubikPolicy> write(
      RubikPolicy rp, List<Condition> previous, RubikPolicyStatus status) {
    events.record(rp, previous, status.conditions());
    return StatusWrites.patch(rp, status, RubikPolicy::new);
  }

  /** {@code s} with Degraded=True/{@code reason} {@code msg}, unless it is Degraded already. */
  private RubikPolicyStatus degradedIfNotYet(
      RubikPolicyStatus s,
      ConditionReason reason,
      String msg,
      Long generation,
      List<Condition> previous) {
    boolean degraded =
        s.conditions().stream()
            .anyMatch(
                c ->
                    ConditionType.DEGRADED.value().equals(c.getType())
                        && "True".equals(c.getStatus()));
    if (degraded) {
      return s;
    }
    List<Condition> fresh = new ArrayList<>();
    s.conditions().stream()
        .filter(c -> !ConditionType.DEGRADED.value().equals(c.getType()))
        .forEach(fresh::add);
    fresh.add(Conditions.of(ConditionType.DEGRADED, true, reason, msg, generation));
    return new RubikPolicyStatus(
        s.observedGeneration(),
        Conditions.merge(previous, fresh, clock.instant()),
        s.targetNodes(),
        s.appliedNodes(),
        s.backends(),
        s.missingPrerequisites(),
        s.failedNodes());
  }

  private RubikPolicyStatus stalled(
      RubikPolicyStatus s,
      ConditionReason reason,
      String msg,
      Long generation,
      List<Condition> previous) {
    List<Condition> fresh = new ArrayList<>();
    fresh.add(Conditions.of(ConditionType.READY, false, reason, msg, generation));
    fresh.add(Conditions.of(ConditionType.RECONCILING, false, reason, msg, generation));
    fresh.add(Conditions.of(ConditionType.STALLED, true, reason, msg, generation));
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
