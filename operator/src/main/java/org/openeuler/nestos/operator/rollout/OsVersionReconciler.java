package org.openeuler.nestos.operator.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.Finalizers;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.DrainSpec;
import org.openeuler.nestos.api.v1alpha1.NodeFailure;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.OSVersionSpec;
import org.openeuler.nestos.api.v1alpha1.OSVersionStatus;
import org.openeuler.nestos.operator.core.drain.DrainOptions;
import org.openeuler.nestos.operator.core.render.Selectors;
import org.openeuler.nestos.operator.core.rollout.CordonOrder;
import org.openeuler.nestos.operator.core.rollout.Expectation;
import org.openeuler.nestos.operator.core.rollout.FailedNode;
import org.openeuler.nestos.operator.core.rollout.GrantOrder;
import org.openeuler.nestos.operator.core.rollout.NodeClass;
import org.openeuler.nestos.operator.core.rollout.NodeSnapshot;
import org.openeuler.nestos.operator.core.rollout.RetryState;
import org.openeuler.nestos.operator.core.rollout.RolloutCondition;
import org.openeuler.nestos.operator.core.rollout.RolloutInput;
import org.openeuler.nestos.operator.core.rollout.RolloutPlan;
import org.openeuler.nestos.operator.core.rollout.RolloutPlanner;
import org.openeuler.nestos.operator.core.rollout.RolloutStrategy;
import org.openeuler.nestos.operator.core.rollout.UncordonOrder;
import org.openeuler.nestos.operator.drain.DrainResult;
import org.openeuler.nestos.operator.drain.NodeCordon;
import org.openeuler.nestos.operator.drain.NodeDrainer;
import org.openeuler.nestos.operator.events.EventReason;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.image.ImageCheck;
import org.openeuler.nestos.operator.nodestate.NodeStateSpecs;
import org.openeuler.nestos.operator.ops.OperatorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an OSVersion: observe (informer caches of Nodes and NodeStates, in-memory expectations), validate (the
 * image exists; selector overlap), plan (the pure {@link RolloutPlanner}), act (Stage/Reboot grants through
 * {@link NodeStateSpecs}, cordon+drain through {@link NodeDrainer} on a small pool, uncordon through
 * {@link NodeCordon}), then write the status (no-op writes skipped, at most one per {@code statusInterval}), events
 * and metrics. Writes nothing but its own status, Nodes' cordons and NodeStates' {@code spec.disruption}.
 */
@ControllerConfiguration(name = "osversion", finalizerName = Finalizers.ROLLOUT,
    generationAwareEventProcessing = false)
public final class OsVersionReconciler implements Reconciler<OSVersion>, Cleaner<OSVersion>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OsVersionReconciler.class);

  private final KubernetesClient client;
  private final NodeStateSpecs specs;
  private final ImageChecker images;
  private final NodeCordon cordon;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final RolloutSettings settings;
  private final RolloutPlanner planner;
  private final DrainCoordinator drains;
  private final RolloutTimings timings;
  private final ReconcileTrigger trigger = new ReconcileTrigger();

  private final Map<String, List<Expectation>> expectations = new ConcurrentHashMap<>();
  private final Map<String, OSVersionStatus> written = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();
  private final Map<String, Instant> rolloutStart = new ConcurrentHashMap<>();
  private final Map<String, OSVersion> seen = new ConcurrentHashMap<>();

  private volatile InformerEventSource<Node, OSVersion> nodes;
  private volatile InformerEventSource<NodeState, OSVersion> nodeStates;

  public OsVersionReconciler(KubernetesClient client, NodeStateSpecs specs, ImageChecker images, NodeDrainer drainer,
      EventRecorder events, OperatorMetrics metrics, Clock clock, RolloutSettings settings, RolloutTimings timings) {
    this.client = client;
    this.specs = specs;
    this.images = images;
    this.cordon = drainer.cordon();
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.timings = timings == null ? RolloutTimings.NONE : timings;
    this.planner = new RolloutPlanner(clock);
    this.drains = new DrainCoordinator(drainer, clock, settings.drainBackoff(), settings.drainThreads(),
        this::drainFinished);
  }

  // ---------------------------------------------------------------- event sources

  @Override
  public List<EventSource<?, OSVersion>> prepareEventSources(EventSourceContext<OSVersion> context) {
    nodeStates = new InformerEventSource<>(InformerEventSourceConfiguration.from(NodeState.class, OSVersion.class)
        .withName("nodestates")
        .withSecondaryToPrimaryMapper(ns -> ns.getSpec() == null || ns.getSpec().osVersionRef() == null ? Set.of()
            : Set.of(new ResourceID(ns.getSpec().osVersionRef())))
        .build(), context);
    nodes = new InformerEventSource<>(InformerEventSourceConfiguration.from(Node.class, OSVersion.class)
        .withName("nodes")
        .withOnUpdateFilter(OsVersionReconciler::relevantNodeChange)
        .withSecondaryToPrimaryMapper(node -> {
          Set<ResourceID> ids = new HashSet<>();
          Map<String, String> labels = node.getMetadata().getLabels();
          context.getPrimaryCache().list(o -> o.getSpec() != null
                  && Selectors.matches(o.getSpec().nodeSelector(), labels))
              .forEach(o -> ids.add(ResourceID.fromResource(o)));
          InformerEventSource<NodeState, OSVersion> states = nodeStates;
          if (states != null) {
            states.get(new ResourceID(node.getMetadata().getName()))
                .filter(ns -> ns.getSpec() != null && ns.getSpec().osVersionRef() != null)
                .ifPresent(ns -> ids.add(new ResourceID(ns.getSpec().osVersionRef())));
          }
          return ids;
        })
        .build(), context);
    return List.of(nodeStates, nodes, trigger);
  }

  /** Node updates that can change a plan: labels, schedulability, our annotation, taints, Ready. */
  static boolean relevantNodeChange(Node now, Node before) {
    if (before == null) {
      return true;
    }
    return !Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels())
        || !Objects.equals(annotation(now), annotation(before))
        || !Objects.equals(now.getSpec() == null ? null : now.getSpec().getUnschedulable(),
            before.getSpec() == null ? null : before.getSpec().getUnschedulable())
        || !Objects.equals(now.getSpec() == null ? null : now.getSpec().getTaints(),
            before.getSpec() == null ? null : before.getSpec().getTaints())
        || !Objects.equals(ready(now), ready(before));
  }

  private static String annotation(Node n) {
    return n.getMetadata().getAnnotations() == null ? null
        : n.getMetadata().getAnnotations().get(Annotations.CORDONED_FOR);
  }

  private static String ready(Node n) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) {
      return null;
    }
    return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
        .map(NodeCondition::getStatus).findFirst().orElse(null);
  }

  // ---------------------------------------------------------------- reconcile

  @Override
  public UpdateControl<OSVersion> reconcile(OSVersion osv, Context<OSVersion> context) {
    long t0 = System.nanoTime();
    try {
      return doReconcile(osv, context);
    } finally {
      timings.reconciled(System.nanoTime() - t0);
    }
  }

  private UpdateControl<OSVersion> doReconcile(OSVersion osv, Context<OSVersion> context) {
    String name = osv.getMetadata().getName();
    seen.put(name, osv);
    Instant now = clock.instant();
    Long generation = osv.getMetadata().getGeneration();
    OSVersionStatus old = previous(osv);
    OSVersionSpec spec = osv.getSpec();

    // validate: the image must exist before any node is touched
    ImageCheck check = images.check(spec.osImage(),
        spec.imagePolicy() == null ? null : spec.imagePolicy().pullSecretName());
    if (check instanceof ImageCheck.Unavailable u) {
      events.record(osv, EventReason.ImageUnavailable, u.reason());
      List<Condition> conditions = List.of(
          cond(ConditionType.READY, false, ConditionReason.IMAGE_UNAVAILABLE, u.reason(), generation),
          cond(ConditionType.RECONCILING, false, ConditionReason.IMAGE_UNAVAILABLE, u.reason(), generation),
          cond(ConditionType.STALLED, true, ConditionReason.IMAGE_UNAVAILABLE, u.reason(), generation));
      OSVersionStatus status = old == null
          ? new OSVersionStatus(generation, null, null, null, null, null, null, null, null, null, null, null)
          : old;
      status = new OSVersionStatus(generation, mergeConditions(status.conditions(), conditions, now),
          status.targetNodes(), status.updatedNodes(), status.stagedNodes(), status.updatingNodes(),
          status.unavailableNodes(), status.failedNodes(), null, status.failures(), status.lastHandledRetry(),
          status.lastHandledRetryTime());
      return writeStatus(osv, old, status, settings.imageRetry());
    }
    String version = ((ImageCheck.Available) check).version();

    // observe
    LabelSelector selector = spec.nodeSelector();
    List<OSVersion> others = context.getPrimaryCache().list(o -> !name.equals(o.getMetadata().getName())
        && o.getSpec() != null).toList();
    Set<String> mine = new HashSet<>();
    Set<String> overlap = new HashSet<>();
    int heldByOthers = 0;
    List<NodeSnapshot> snapshots = new ArrayList<>();
    Map<String, NodeState> states = new HashMap<>();
    for (Node node : (Iterable<Node>) nodes.list(n -> true)::iterator) {
      String nodeName = node.getMetadata().getName();
      Map<String, String> labels = node.getMetadata().getLabels();
      boolean selected = Selectors.matches(selector, labels);
      NodeState ns = nodeStates.get(new ResourceID(nodeName)).orElse(null);
      boolean rendered = Snapshots.renderedFor(ns, name);
      if (selected) {
        for (OSVersion o : others) {
          if (Selectors.matches(o.getSpec().nodeSelector(), labels)) {
            overlap.add(nodeName);
            break;
          }
        }
      }
      if (rendered) {
        boolean targeted = selected && !overlap.contains(nodeName);
        mine.add(nodeName);
        states.put(nodeName, ns);
        snapshots.add(Snapshots.of(node, ns, targeted, drains.progress(nodeName, ns.getSpec().revision())));
      } else if (annotation(node) != null) {
        heldByOthers++;
      }
    }

    // plan
    RolloutStrategy strategy = RolloutStrategy.from(spec.rollout());
    RetryState retry = new RetryState(
        osv.getMetadata().getAnnotations() == null ? null : osv.getMetadata().getAnnotations().get(Annotations.RETRY),
        old == null ? null : old.lastHandledRetry(),
        old == null ? null : Snapshots.time(old.lastHandledRetryTime()));
    int capacity = settings.globalMaxDisruptions() == Integer.MAX_VALUE ? Integer.MAX_VALUE
        : Math.max(0, settings.globalMaxDisruptions() - heldByOthers);
    long p0 = System.nanoTime();
    RolloutPlan plan = planner.plan(new RolloutInput(name, strategy, snapshots,
        expectations.getOrDefault(name, List.of()), retry, capacity));
    timings.planned(System.nanoTime() - p0, snapshots.size());
    expectations.put(name, new ArrayList<>(plan.expectations()));

    // act
    act(osv, plan, states, spec, now);

    // status
    List<RolloutCondition> planned = new ArrayList<>(plan.conditions());
    if (!overlap.isEmpty()) {
      String msg = overlap.size() + " node(s) are selected by another OSVersion too and are moved by none, e.g. "
          + overlap.stream().sorted().limit(5).collect(Collectors.joining(", "));
      events.record(osv, EventReason.SelectorOverlap, msg);
      planned.replaceAll(c -> c.type() == ConditionType.STALLED
          ? new RolloutCondition(ConditionType.STALLED, true, ConditionReason.SELECTOR_OVERLAP, msg) : c);
    }
    ConditionReason readyReason = planned.stream().filter(c -> c.type() == ConditionType.READY && c.reason() != null)
        .map(RolloutCondition::reason).findFirst().orElse(ConditionReason.PROGRESSING);
    List<Condition> fresh = planned.stream()
        .map(c -> cond(c.type(), c.status(), c.reason() == null ? readyReason : c.reason(), c.message(),
            generation)).toList();
    List<Condition> conditions = mergeConditions(old == null ? null : old.conditions(), fresh, now);
    List<NodeFailure> failures = plan.failures().isEmpty() ? null : plan.failures().stream()
        .map(OsVersionReconciler::failure).toList();
    String acknowledged = plan.acknowledgedRetry() != null ? plan.acknowledgedRetry()
        : old == null ? null : old.lastHandledRetry();
    String handledAt = plan.retryHandledAt() == null ? null
        : plan.retryHandledAt().truncatedTo(ChronoUnit.MILLIS).toString();
    var counts = plan.counts();
    OSVersionStatus status = new OSVersionStatus(generation, conditions, counts.targetNodes(), counts.updatedNodes(),
        counts.stagedNodes(), counts.updatingNodes(), counts.unavailableNodes(), counts.failedNodes(), version,
        failures, acknowledged, handledAt);
    report(osv, old, status, plan, now);

    boolean active = isTrue(conditions, ConditionType.RECONCILING) || drains.anyRunning()
        || !expectations.getOrDefault(name, List.of()).isEmpty();
    return writeStatus(osv, old, status, active ? settings.resync() : null);
  }

  private void act(OSVersion osv, RolloutPlan plan, Map<String, NodeState> states, OSVersionSpec spec,
      Instant now) {
    String name = osv.getMetadata().getName();
    for (UncordonOrder u : plan.uncordon()) {
      try {
        cordon.uncordon(u.node());
      } catch (RuntimeException e) {
        apiError("patch", "nodes", u.node(), e);
        dropExpectation(name, u.node(), Expectation.Kind.UNCORDON);
        continue;
      }
      drains.forget(u.node());
      Node node = nodes.get(new ResourceID(u.node())).orElse(null);
      if (node != null) {
        switch (u.reason()) {
          case Updated -> events.record(node, EventReason.NodeUpdated, "updated to " + spec.osImage()
              + " for OSVersion " + name);
          case RolledBack -> events.record(node, EventReason.NodeRolledBack, "rolled back from " + spec.osImage()
              + " (OSVersion " + name + "); uncordoned on the previous deployment");
          default -> { }
        }
      }
    }
    for (GrantOrder g : plan.stage()) {
      grant(name, g, states.get(g.node()));
    }
    for (GrantOrder g : plan.grant()) {
      if (grant(name, g, states.get(g.node()))) {
        drains.consumed(g.node());
        metrics.ticketGranted(name);
        nodes.get(new ResourceID(g.node())).ifPresent(node -> events.record(node, EventReason.RebootGranted,
            "reboot granted for revision " + g.revision() + " (ticket " + g.ticket() + ", OSVersion " + name + ")"));
      }
    }
    DrainOptions options = drainOptions(spec.rollout() == null ? null : spec.rollout().drain());
    boolean fresh = false;
    for (CordonOrder c : plan.cordon()) {
      fresh |= c.fresh();
      drains.ensure(name, c.node(), c.revision(), options);
    }
    if (fresh) {
      String key = name + "|" + spec.osImage();
      if (rolloutStart.putIfAbsent(key, now) == null) {
        events.record(osv, EventReason.RolloutStarted, "rolling out " + spec.osImage() + " to "
            + plan.counts().targetNodes() + " node(s)");
      }
    }
  }

  private boolean grant(String osVersion, GrantOrder g, NodeState ns) {
    boolean ok;
    try {
      ok = ns != null && specs.grant(g.node(), new Disruption(g.allowed(), g.ticket(), g.bootID(), g.revision()),
          ns.getMetadata().getResourceVersion());
    } catch (RuntimeException e) {
      apiError("patch", "nodestates", g.node(), e);
      ok = false;
    }
    if (!ok) {
      dropExpectation(osVersion, g.node(), null);
    }
    return ok;
  }

  private void drainFinished(String osVersion, String node, String revision, DrainResult result, Duration took) {
    OSVersion osv = seen.get(osVersion);
    if (result instanceof DrainResult.Drained) {
      metrics.drainTook(osVersion, took);
    } else if (result instanceof DrainResult.Blocked b) {
      metrics.drainFailed(osVersion);
      dropExpectation(osVersion, node, Expectation.Kind.CORDON);
      String msg = "drain of node " + node + " blocked" + (b.timedOut() ? " until the timeout" : "") + ": "
          + String.join("; ", b.reasons().subList(0, Math.min(5, b.reasons().size())));
      if (osv != null) {
        events.record(osv, EventReason.DrainBlocked, msg);
      }
      nodes.get(new ResourceID(node)).ifPresent(n -> events.record(n, EventReason.DrainBlocked, msg));
    } else {
      dropExpectation(osVersion, node, null);
    }
    trigger.trigger(osVersion);
  }

  private void dropExpectation(String osVersion, String node, Expectation.Kind kind) {
    expectations.computeIfPresent(osVersion, (k, list) -> {
      List<Expectation> copy = new ArrayList<>(list);
      copy.removeIf(e -> e.node().equals(node) && (kind == null || e.kind() == kind));
      return copy;
    });
  }

  /** Events and metrics derived from the new status. */
  private void report(OSVersion osv, OSVersionStatus old, OSVersionStatus status, RolloutPlan plan, Instant now) {
    String name = osv.getMetadata().getName();
    metrics.nodes(name, OperatorMetrics.NodeCount.targeted, nz(status.targetNodes()));
    metrics.nodes(name, OperatorMetrics.NodeCount.updated, nz(status.updatedNodes()));
    metrics.nodes(name, OperatorMetrics.NodeCount.failed, nz(status.failedNodes()));
    metrics.nodes(name, OperatorMetrics.NodeCount.unavailable, nz(status.unavailableNodes()));
    metrics.nodes(name, OperatorMetrics.NodeCount.staged, nz(status.stagedNodes()));
    if (plan.diagnostics().halted()) {
      events.record(osv, EventReason.RolloutHalted, plan.diagnostics().countedFailures()
          + " failed node(s) exceed maxFailures " + plan.diagnostics().maxFailures()
          + "; set a new nestos.openeuler.org/retry token or a new osImage to continue");
    }
    Condition ready = Snapshots.find(status.conditions(), ConditionType.READY.value());
    Condition wasReady = old == null ? null : Snapshots.find(old.conditions(), ConditionType.READY.value());
    boolean complete = ready != null && "True".equals(ready.getStatus())
        && ConditionReason.ROLLOUT_COMPLETE.value().equals(ready.getReason());
    boolean wasComplete = wasReady != null && "True".equals(wasReady.getStatus())
        && ConditionReason.ROLLOUT_COMPLETE.value().equals(wasReady.getReason());
    if (complete && !wasComplete) {
      events.record(osv, EventReason.RolloutCompleted, status.updatedNodes() + "/" + status.targetNodes()
          + " node(s) run " + osv.getSpec().osImage());
      Instant started = rolloutStart.remove(name + "|" + osv.getSpec().osImage());
      if (started != null) {
        metrics.rolloutTook(name, Duration.between(started, now));
      }
    }
  }

  // ---------------------------------------------------------------- status

  private OSVersionStatus previous(OSVersion osv) {
    OSVersionStatus mem = written.get(osv.getMetadata().getName());
    return mem != null ? mem : osv.getStatus();
  }

  private UpdateControl<OSVersion> writeStatus(OSVersion osv, OSVersionStatus old, OSVersionStatus status,
      Duration resync) {
    String name = osv.getMetadata().getName();
    UpdateControl<OSVersion> control = UpdateControl.noUpdate();
    if (!status.equals(old) && !status.equals(osv.getStatus())) {
      Instant now = clock.instant();
      Instant last = lastWrite.get(name);
      Duration since = last == null ? null : Duration.between(last, now);
      if (since != null && since.compareTo(settings.statusInterval()) < 0 && !since.isNegative()) {
        Duration wait = settings.statusInterval().minus(since);
        return control.rescheduleAfter(Math.max(50, wait.toMillis()));
      }
      try {
        ObjectNode body = Serialization.jsonMapper().valueToTree(status);
        for (RecordComponent rc : OSVersionStatus.class.getRecordComponents()) {
          if (!body.has(rc.getName())) {
            body.putNull(rc.getName());
          }
        }
        ObjectNode patch = Serialization.jsonMapper().createObjectNode();
        patch.set("status", body);
        client.resources(OSVersion.class).withName(name).subresource("status")
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        written.put(name, status);
        lastWrite.put(name, now);
        timings.statusWritten();
      } catch (RuntimeException e) {
        apiError("patch", "osversions/status", name, e);
        return control.rescheduleAfter(settings.statusInterval().toMillis());
      }
    } else if (status.equals(osv.getStatus())) {
      written.put(name, status);
    }
    return resync == null ? control : control.rescheduleAfter(resync.toMillis());
  }

  static List<Condition> mergeConditions(List<Condition> old, List<Condition> fresh, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> out = new ArrayList<>(fresh.size());
    for (Condition c : fresh) {
      Condition prev = Snapshots.find(old, c.getType());
      boolean same = prev != null && prev.getLastTransitionTime() != null
          && Objects.equals(prev.getStatus(), c.getStatus());
      out.add(new ConditionBuilder(c).withLastTransitionTime(same ? prev.getLastTransitionTime() : time).build());
    }
    return out;
  }

  private static Condition cond(ConditionType type, boolean status, ConditionReason reason, String message,
      Long generation) {
    return new ConditionBuilder().withType(type.value()).withStatus(status ? "True" : "False")
        .withReason(reason.value()).withMessage(message == null ? "" : message)
        .withObservedGeneration(generation).build();
  }

  private static boolean isTrue(List<Condition> conditions, ConditionType type) {
    Condition c = Snapshots.find(conditions, type.value());
    return c != null && "True".equals(c.getStatus());
  }

  private static NodeFailure failure(FailedNode f) {
    return new NodeFailure(f.name(), f.reason() == null ? "Failed" : f.reason(),
        f.counted() ? null : "forgiven by a retry", f.revision());
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  static DrainOptions drainOptions(DrainSpec d) {
    DrainOptions defaults = DrainOptions.defaults();
    if (d == null) {
      return defaults;
    }
    LabelSelector blocking = d.blockingPodSelector();
    return new DrainOptions(
        d.timeoutSeconds() == null ? defaults.timeout() : Duration.ofSeconds(d.timeoutSeconds()),
        d.gracePeriodSeconds(),
        Boolean.TRUE.equals(d.deleteUnmanagedPods()),
        Boolean.TRUE.equals(d.deleteEmptyDirData()),
        Boolean.TRUE.equals(d.disableEvictionAfterTimeout()),
        blocking == null ? labels -> false : labels -> Selectors.matches(blocking, labels));
  }

  private void apiError(String verb, String resource, String name, RuntimeException e) {
    metrics.apiError(verb, resource);
    LOG.warn("{} {}/{} failed: {}", verb, resource, name, e.getMessage());
  }

  // ---------------------------------------------------------------- deletion

  /**
   * Deletion mid-rollout: nothing new starts (the plan is made as if paused), in-flight nodes finish, nodes we
   * cordoned are uncordoned, and Stage grants not yet acted on are withdrawn; the finalizer goes once nothing of
   * ours is in flight.
   */
  @Override
  public DeleteControl cleanup(OSVersion osv, Context<OSVersion> context) {
    String name = osv.getMetadata().getName();
    List<NodeSnapshot> snapshots = new ArrayList<>();
    Map<String, NodeState> states = new HashMap<>();
    for (NodeState ns : (Iterable<NodeState>) nodeStates.list(ns -> Snapshots.renderedFor(ns, name))::iterator) {
      Node node = nodes.get(new ResourceID(ns.getMetadata().getName())).orElse(null);
      if (node != null) {
        states.put(node.getMetadata().getName(), ns);
        snapshots.add(Snapshots.of(node, ns, true, drains.progress(node.getMetadata().getName(),
            ns.getSpec().revision())));
      }
    }
    RolloutStrategy s = RolloutStrategy.from(osv.getSpec() == null ? null : osv.getSpec().rollout());
    RolloutStrategy paused = new RolloutStrategy(s.maxUnavailable(), s.partition(), s.maxFailures(), true,
        s.spreadByLabel(), s.windows(), s.stagingPolicy(), s.stagingMaxConcurrent(), s.failureAction(),
        s.healthDeadline(), s.expectationTimeout());
    RolloutPlan plan = planner.plan(new RolloutInput(name, paused, snapshots,
        expectations.getOrDefault(name, List.of()), RetryState.NONE, 0));
    expectations.put(name, new ArrayList<>(plan.expectations()));
    for (UncordonOrder u : plan.uncordon()) {
      try {
        cordon.uncordon(u.node());
        drains.forget(u.node());
      } catch (RuntimeException e) {
        apiError("patch", "nodes", u.node(), e);
      }
    }
    boolean inFlight = snapshots.stream().anyMatch(n -> {
      NodeClass c = plan.classes().get(n.name());
      return c != null && (c == NodeClass.Rebooting || c == NodeClass.Verifying)
          || n.cordonedByUs() && c != NodeClass.Failed || drains.running(n.name());
    });
    if (inFlight) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.resync().toMillis());
    }
    for (NodeSnapshot n : snapshots) {
      if (n.grant().allowed() == Disruption.Allowed.Stage && n.observed().stagedRevision() == null) {
        NodeState ns = states.get(n.name());
        try {
          specs.grant(n.name(), new Disruption(Disruption.Allowed.None, null, null, null),
              ns.getMetadata().getResourceVersion());
        } catch (RuntimeException e) {
          apiError("patch", "nodestates", n.name(), e);
        }
      }
    }
    expectations.remove(name);
    written.remove(name);
    lastWrite.remove(name);
    seen.remove(name);
    LOG.info("OSVersion {} deleted; nothing of ours in flight", name);
    return DeleteControl.defaultDelete();
  }

  @Override
  public void close() {
    drains.close();
  }
}
