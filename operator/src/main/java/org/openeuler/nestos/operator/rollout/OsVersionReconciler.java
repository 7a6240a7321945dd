package org.openeuler.nestos.operator.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.Finalizers;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.OSVersionSpec;
import org.openeuler.nestos.api.v1alpha1.OSVersionStatus;
import org.openeuler.nestos.operator.core.rollout.DeletionHolds;
import org.openeuler.nestos.operator.core.rollout.GlobalCapacity;
import org.openeuler.nestos.operator.core.rollout.NodeSnapshot;
import org.openeuler.nestos.operator.core.rollout.OsVersionStatuses;
import org.openeuler.nestos.operator.core.rollout.RolloutInput;
import org.openeuler.nestos.operator.core.rollout.RolloutPlan;
import org.openeuler.nestos.operator.core.rollout.RolloutPlanner;
import org.openeuler.nestos.operator.drain.DrainResult;
import org.openeuler.nestos.operator.drain.NodeDrainer;
import org.openeuler.nestos.operator.events.EventReason;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.image.ImageCheck;
import org.openeuler.nestos.operator.informers.SharedInformers;
import org.openeuler.nestos.operator.nodestate.NodeStateSpecs;
import org.openeuler.nestos.operator.ops.OperatorMetrics;
import org.openeuler.nestos.operator.status.UnusableObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an OSVersion: observe (informer caches of Nodes and NodeStates, in-memory
 * expectations; {@link RolloutObserver}), validate (the image exists; selector overlap), plan (the
 * pure {@link RolloutPlanner}), act (Stage/Reboot grants through {@link NodeStateSpecs},
 * cordon+drain through {@link NodeDrainer} on a small pool, uncordon; {@link RolloutActuator}),
 * then write the status (no-op writes skipped, at most one per {@code statusInterval}; {@link
 * RolloutStatus}), events and metrics. Writes nothing but its own status, Nodes' cordons and
 * NodeStates' {@code spec.disruption}.
 */
// a pass that threw is retried without end (the SDK gives up after 5 by default, and nothing may
// trigger the object again: a deleted OSVersion's cleanup, chaos seed 443, docs/chaos.md)
@GradualRetry(maxAttempts = -1, maxInterval = 30_000)
@ControllerConfiguration(
    name = "osversion",
    finalizerName = Finalizers.ROLLOUT,
    generationAwareEventProcessing = false)
public final class OsVersionReconciler
    implements Reconciler<OSVersion>, Cleaner<OSVersion>, AutoCloseable {

  /** The next pass after an uncordon or grant the API server refused. */
  static final Duration WRITE_RETRY = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(OsVersionReconciler.class);

  private final ImageChecker images;
  private final EventRecorder events;
  private final Clock clock;
  private final RolloutSettings settings;
  private final RolloutPlanner planner;
  private final DrainCoordinator drains;
  private final RolloutTimings timings;
  private final ReconcileTrigger trigger = new ReconcileTrigger();
  private final Expectations expectations = new Expectations();
  private final RolloutObserver observer;
  private final RolloutActuator actuator;
  private final RolloutStatus status;
  private final OperatorMetrics metrics;
  private final UnusableObjects unusable;

  public OsVersionReconciler(
      SharedInformers informers,
      KubernetesClient client,
      NodeStateSpecs specs,
      ImageChecker images,
      NodeDrainer drainer,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock,
      RolloutSettings settings,
      RolloutTimings timings,
      UnusableObjects unusable) {
    this.unusable = unusable;
    this.images = images;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    this.timings = timings == null ? RolloutTimings.NONE : timings;
    this.planner = new RolloutPlanner(clock);
    this.drains =
        new DrainCoordinator(
            drainer,
            clock,
            settings.drainBackoff(),
            settings.drainThreads(),
            this::drainFinished,
            this::cachedNode);
    this.observer = new RolloutObserver(informers, settings, drains, expectations);
    this.actuator =
        new RolloutActuator(
            specs,
            drainer.cordon(),
            events,
            metrics,
            drains,
            observer,
            expectations,
            trigger,
            settings.writeThreads());
    this.status = new RolloutStatus(client, metrics, clock, settings, this.timings);
  }

  /** The informer's copy of {@code node}, or null: a drain starts from it. */
  private io.fabric8.kubernetes.api.model.Node cachedNode(String node) {
    return observer.node(node).orElse(null);
  }

  @Override
  public List<EventSource<?, OSVersion>> prepareEventSources(
      EventSourceContext<OSVersion> context) {
    return observer.eventSources(context, trigger);
  }

  // ---------------------------------------------------------------- reconcile

  @Override
  public UpdateControl<OSVersion> reconcile(OSVersion osv, Context<OSVersion> context) {
    long t0 = System.nanoTime();
    try {
      return doReconcile(osv, context);
    } finally {
      long took = System.nanoTime() - t0;
      timings.reconciled(took);
      metrics.rolloutReconcile(took);
    }
  }

  private UpdateControl<OSVersion> doReconcile(OSVersion osv, Context<OSVersion> context) {
    String name = osv.getMetadata().getName();
    if (unusable.skip(osv)) {
      // unreadable or no spec: reported; owns no node (the renderer skips it too)
      return UpdateControl.noUpdate();
    }
    actuator.seen(osv);
    Instant now = clock.instant();
    OSVersionStatus old = status.previous(osv);
    OSVersionSpec spec = osv.getSpec();

    // validate: the image must exist before any node is touched
    ImageCheck check =
        images.check(
            spec.osImage(),
            spec.imagePolicy() == null ? null : spec.imagePolicy().pullSecretName());
    if (check instanceof ImageCheck.Unavailable u) {
      events.record(
          osv,
          switch (u.code()) {
            case PULL_SECRET_MISSING -> EventReason.PullSecretMissing;
            case PULL_SECRET_NOT_ALLOWED -> EventReason.PullSecretNotAllowed;
            default -> EventReason.ImageUnavailable;
          },
          u.reason());
      return status.write(
          osv,
          old,
          status.imageUnavailable(osv, old, u.reason(), u.code(), now),
          settings.imageRetry());
    }
    // Available, or Unchecked: not verified, the rollout proceeds and the status says so
    String version = check instanceof ImageCheck.Available a ? a.version() : null;
    ImageCheck.Unchecked unchecked = check instanceof ImageCheck.Unchecked u ? u : null;
    if (unchecked != null && unchecked.code() == ConditionReason.REGISTRY_UNREACHABLE) {
      events.record(osv, EventReason.RegistryUnreachable, unchecked.reason());
    }

    // observe
    RolloutObserver.Observation observed = observer.observe(osv, old, context);

    // plan: under a global cap one OSVersion plans at a time and counts the orders the others
    // issued (their expectations) besides what the cache shows; its own are recorded before it acts
    Object planLock =
        settings.globalMaxDisruptions() == Integer.MAX_VALUE ? observed : expectations;
    RolloutInput input;
    RolloutPlan plan;
    synchronized (planLock) {
      input = withOthersOrders(name, observed);
      long p0 = System.nanoTime();
      plan = planner.plan(input);
      planned(p0, observed);
      expectations.set(name, input.expectations(), plan.expectations());
    }

    // act: without waiting for the API server; each write records its outcome and a confirmed
    // uncordon asks for the next pass at once (its slot is free: the next cordons go out then)
    actuator.act(osv, plan, observed.states(), spec, now);

    // validate: nodes another OSVersion selects too are moved by none
    String overlap = null;
    if (!observed.overlap().isEmpty()) {
      Set<String> nodes = observed.overlap();
      overlap =
          nodes.size()
              + " node(s) are selected by another OSVersion too and are moved by none, e.g. "
              + nodes.stream().sorted().limit(5).collect(Collectors.joining(", "));
      events.record(osv, EventReason.SelectorOverlap, overlap);
    }

    // status
    OSVersionStatus next = status.of(osv, old, plan, overlap, version, unchecked, now);
    actuator.report(osv, old, next, plan, now);
    boolean active =
        RolloutStatus.reconciling(next) || drains.anyRunning() || !expectations.of(name).isEmpty();
    boolean recheck = unchecked != null && unchecked.code() == ConditionReason.REGISTRY_UNREACHABLE;
    Duration resync = active ? settings.resync() : recheck ? settings.imageRetry() : null;
    // a node waiting out its drain backoff is cordoned again by the pass after it ends: plan then,
    // not at the next resync
    Duration untilRetry =
        drains.nextRetry(now).map(t -> Duration.between(now, t).plusMillis(50)).orElse(null);
    if (untilRetry != null && (resync == null || untilRetry.compareTo(resync) < 0)) {
      resync = untilRetry;
    }
    return status.write(osv, old, next, resync);
  }

  /**
   * The observed input with the global capacity counting the other OSVersions' issued orders too
   * ({@link GlobalCapacity}); called with the plan lock held.
   */
  private RolloutInput withOthersOrders(String name, RolloutObserver.Observation observed) {
    RolloutInput in = observed.input();
    int capacity =
        GlobalCapacity.left(
            settings.globalMaxDisruptions(),
            observed.cordonedForOthers(),
            expectations.ofOthers(name));
    return new RolloutInput(
        in.osVersion(), in.strategy(), in.nodes(), in.expectations(), in.retry(), capacity);
  }

  private void planned(long since, RolloutObserver.Observation observed) {
    long took = System.nanoTime() - since;
    timings.planned(took, observed.input().nodes().size());
    metrics.plannerPass(took);
  }

  private void drainFinished(
      String osVersion, String node, String revision, DrainResult result, Duration took) {
    actuator.drainFinished(osVersion, node, revision, result, took);
  }

  static void apiError(
      OperatorMetrics metrics, String verb, String resource, String name, RuntimeException e) {
    metrics.apiError(verb, resource);
    LOG.warn("{} {}/{} failed: {}", verb, resource, name, e.getMessage());
  }

  // ---------------------------------------------------------------- deletion

  /**
   * Deletion mid-rollout: nothing new starts (the plan is made as if paused), in-flight nodes
   * finish, nodes we cordoned are uncordoned, and Stage grants not yet acted on are withdrawn; the
   * finalizer goes once nothing of ours is in flight.
   */
  @Override
  public DeleteControl cleanup(OSVersion osv, Context<OSVersion> context) {
    String name = osv.getMetadata().getName();
    unusable.forget(osv);
    RolloutObserver.Observation observed = observer.observeDeletion(osv);
    List<NodeSnapshot> snapshots = observed.input().nodes();
    RolloutPlan plan = planner.plan(observed.input());
    expectations.set(name, plan.expectations());
    List<String> drained =
        snapshots.stream().map(NodeSnapshot::name).filter(drains::drained).toList();
    boolean uncordoned = actuator.uncordonAll(name, plan, drained);
    List<DeletionHolds.Hold> holds =
        snapshots.stream()
            .flatMap(
                n ->
                    DeletionHolds.of(
                        n,
                        plan.classes().get(n.name()),
                        drains.running(n.name()),
                        drains.drained(n.name()))
                        .stream())
            .toList();
    if (!holds.isEmpty()) {
      // say why the deletion waits (a node that never came back holds it until it returns or its
      // Node object goes: chaos seed 133, docs/chaos.md)
      String why = DeletionHolds.message(holds);
      OSVersionStatus old = status.previous(osv);
      status.publish(
          osv,
          old,
          OsVersionStatuses.deleting(
              osv.getMetadata().getGeneration(), old, plan, why, clock.instant()));
      events.record(osv, EventReason.DeletionWaiting, why);
      // a write the API server refused is redone soon (chaos seed 443, docs/chaos.md: a deletion
      // under API errors waited a whole resync per refused uncordon); nothing else may trigger it
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter((uncordoned ? settings.resync() : WRITE_RETRY).toMillis());
    }
    if (!actuator.withdrawStages(snapshots, observed.states())) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(WRITE_RETRY.toMillis());
    }
    expectations.forget(name);
    status.forget(name);
    actuator.forget(name);
    observer.forget(name);
    LOG.info("OSVersion {} deleted; nothing of ours in flight", name);
    return DeleteControl.defaultDelete();
  }

  @Override
  public void close() {
    drains.close();
    actuator.close();
  }
}
