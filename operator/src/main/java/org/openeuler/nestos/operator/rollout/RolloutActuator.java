package org.openeuler.nestos.operator.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.DrainSpec;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.OSVersionSpec;
import org.openeuler.nestos.api.v1alpha1.OSVersionStatus;
import org.openeuler.nestos.operator.core.drain.DrainOptions;
import org.openeuler.nestos.operator.core.render.Selectors;
import org.openeuler.nestos.operator.core.rollout.CordonOrder;
import org.openeuler.nestos.operator.core.rollout.Expectation;
import org.openeuler.nestos.operator.core.rollout.GrantOrder;
import org.openeuler.nestos.operator.core.rollout.NodeSnapshot;
import org.openeuler.nestos.operator.core.rollout.RolloutPlan;
import org.openeuler.nestos.operator.core.rollout.UncordonOrder;
import org.openeuler.nestos.operator.drain.DrainResult;
import org.openeuler.nestos.operator.drain.NodeCordon;
import org.openeuler.nestos.operator.events.EventReason;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.nodestate.NodeStateSpecs;
import org.openeuler.nestos.operator.ops.OperatorMetrics;

/**
 * The act step of the rollout: carries out a plan's orders (uncordons through {@link NodeCordon},
 * Stage and Reboot grants through {@link NodeStateSpecs}, a bounded number of them in flight at
 * once ({@link BoundedWrites}), cordon+drain through the {@link DrainCoordinator}), drops the
 * expectation of an order that failed, and records the events and metrics of the orders, of
 * finished drains and of the status.
 */
final class RolloutActuator implements AutoCloseable {

  private final NodeStateSpecs specs;
  private final NodeCordon cordon;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final DrainCoordinator drains;
  private final RolloutObserver observer;
  private final Expectations expectations;
  private final ReconcileTrigger trigger;
  private final BoundedWrites writes;

  /** Writers of the Nodes' events, apart from the orders'. */
  private final BoundedWrites eventWrites;

  private static final int EVENT_THREADS = 4;

  /**
   * Normal events waiting for a writer at most (a 5,000-node rollout records 15,000 at up to 500 a
   * wave): beyond, they are dropped and counted ({@code nestos_events_dropped_total}), as the
   * Kubernetes event broadcaster drops them; Warnings are never dropped.
   */
  private static final int EVENTS_QUEUED = 10_000;

  private final Map<String, Instant> rolloutStart = new ConcurrentHashMap<>();
  private final Map<String, OSVersion> seen = new ConcurrentHashMap<>();
  private final RolloutEvents passEvents;

  RolloutActuator(
      NodeStateSpecs specs,
      NodeCordon cordon,
      EventRecorder events,
      OperatorMetrics metrics,
      DrainCoordinator drains,
      RolloutObserver observer,
      Expectations expectations,
      ReconcileTrigger trigger,
      int writeThreads) {
    this.specs = specs;
    this.cordon = cordon;
    this.events = events;
    this.metrics = metrics;
    this.drains = drains;
    this.observer = observer;
    this.passEvents = new RolloutEvents(events, observer::node);
    this.expectations = expectations;
    this.trigger = trigger;
    this.writes = new BoundedWrites("nestos-write", writeThreads);
    this.eventWrites =
        new BoundedWrites("nestos-event", EVENT_THREADS, EVENTS_QUEUED, metrics::eventDropped);
  }

  /**
   * Remembers the latest {@code osv}, for the events of drains finishing off the reconcile thread.
   */
  void seen(OSVersion osv) {
    seen.put(osv.getMetadata().getName(), osv);
  }

  void forget(String osVersion) {
    seen.remove(osVersion);
    passEvents.forget(osVersion);
    metrics.forget(osVersion);
  }

  /**
   * Carries out {@code plan} without waiting for the API server: its uncordons and grants (each
   * with its event) go to the bounded {@link BoundedWrites}, and the drains of its cordon orders
   * start. The plan's expectations are recorded before this is called; each write records its own
   * outcome: a confirmed uncordon turns its expectation into {@link Expectation.Kind#UNCORDONED}
   * and asks for a pass at once (its budget slot is free: the next cordons go out then), a write
   * that fails drops its expectation and asks for a pass after {@link
   * OsVersionReconciler#WRITE_RETRY}.
   */
  void act(
      OSVersion osv,
      RolloutPlan plan,
      Map<String, NodeState> states,
      OSVersionSpec spec,
      Instant now) {
    String name = osv.getMetadata().getName();
    List<Runnable> tasks =
        new ArrayList<>(plan.uncordon().size() + plan.stage().size() + plan.grant().size());
    for (UncordonOrder u : plan.uncordon()) {
      tasks.add(() -> uncordon(name, u, spec));
    }
    for (GrantOrder g : plan.stage()) {
      tasks.add(() -> grant(name, g, states.get(g.node())));
    }
    for (GrantOrder g : plan.grant()) {
      tasks.add(
          () -> {
            if (grant(name, g, states.get(g.node()))) {
              drains.consumed(g.node());
              metrics.ticketGranted(name);
              nodeEvent(
                  g.node(),
                  EventReason.RebootGranted,
                  "reboot granted for revision "
                      + g.revision()
                      + " (ticket "
                      + g.ticket()
                      + ", OSVersion "
                      + name
                      + ")");
            }
          });
    }
    DrainOptions options = drainOptions(spec.rollout() == null ? null : spec.rollout().drain());
    boolean fresh = false;
    for (CordonOrder c : plan.cordon()) {
      fresh |= c.fresh();
      if (drains.ensure(name, c.node(), c.revision(), options)) {
        nodeEvent(
            c.node(),
            EventReason.DrainStarted,
            "cordoned and draining for revision " + c.revision() + " (OSVersion " + name + ")");
      }
    }
    writes.submitAll(tasks);
    if (fresh) {
      String key = name + "|" + spec.osImage();
      if (rolloutStart.putIfAbsent(key, now) == null) {
        events.record(
            osv,
            EventReason.RolloutStarted,
            "rolling out " + spec.osImage() + " to " + plan.counts().targetNodes() + " node(s)");
      }
    }
  }

  /** Uncordons {@code u.node()}; a confirmed uncordon frees its slot for a pass at once. */
  private void uncordon(String osVersion, UncordonOrder u, OSVersionSpec spec) {
    boolean changed;
    try {
      changed = cordon.uncordon(u.node(), observer.node(u.node()).orElse(null));
    } catch (RuntimeException e) {
      OsVersionReconciler.apiError(metrics, "patch", "nodes", u.node(), e);
      expectations.drop(osVersion, u.node(), Expectation.Kind.UNCORDON);
      trigger.triggerAfter(osVersion, OsVersionReconciler.WRITE_RETRY);
      return;
    }
    if (changed) {
      expectations.confirmUncordon(osVersion, u.node());
      trigger.trigger(osVersion);
    }
    drains.forget(u.node());
    switch (u.reason()) {
      case Updated ->
          nodeEvent(
              u.node(),
              EventReason.NodeUpdated,
              "updated to " + spec.osImage() + " for OSVersion " + osVersion);
      case RolledBack ->
          nodeEvent(
              u.node(),
              EventReason.NodeRolledBack,
              "rolled back from "
                  + spec.osImage()
                  + " (OSVersion "
                  + osVersion
                  + "); uncordoned on the previous deployment");
      case FailedOnPreviousDeployment ->
          nodeEvent(
              u.node(),
              EventReason.NodeFailed,
              "revision failed for "
                  + spec.osImage()
                  + " (OSVersion "
                  + osVersion
                  + "); uncordoned on the previous deployment");
      default -> {}
    }
  }

  /**
   * Records an event on the Node {@code node} on the event writers: events are best effort and
   * never delay an order (a wave's 500 grants queued behind 1,000 events before).
   */
  private void nodeEvent(String node, EventReason reason, String message) {
    Runnable write = () -> observer.node(node).ifPresent(n -> events.record(n, reason, message));
    if (reason.warning()) {
      eventWrites.submitKept(write);
    } else {
      eventWrites.submitAll(List.of(write));
    }
  }

  private boolean grant(String osVersion, GrantOrder g, NodeState ns) {
    boolean ok;
    try {
      ok =
          ns != null
              && specs.grant(
                  g.node(),
                  new Disruption(g.allowed(), g.ticket(), g.bootID(), g.revision()),
                  ns.getMetadata().getResourceVersion());
    } catch (RuntimeException e) {
      OsVersionReconciler.apiError(metrics, "patch", "nodestates", g.node(), e);
      trigger.triggerAfter(osVersion, OsVersionReconciler.WRITE_RETRY);
      ok = false;
    }
    if (!ok) {
      expectations.drop(osVersion, g.node(), null);
    }
    return ok;
  }

  /**
   * A drain finished off the reconcile thread: metrics, events, expectations, and a new pass of its
   * OSVersion.
   */
  void drainFinished(
      String osVersion, String node, String revision, DrainResult result, Duration took) {
    OSVersion osv = seen.get(osVersion);
    if (result instanceof DrainResult.Drained) {
      metrics.drainTook(osVersion, took);
    } else if (result instanceof DrainResult.Blocked b) {
      metrics.drainFailed(
          osVersion,
          b.timedOut()
              ? OperatorMetrics.DrainFailure.Timeout
              : OperatorMetrics.DrainFailure.Blocked);
      expectations.drop(osVersion, node, Expectation.Kind.CORDON);
      String msg =
          "drain of node "
              + node
              + " blocked"
              + (b.timedOut() ? " until the timeout" : "")
              + ": "
              + String.join("; ", b.reasons().subList(0, Math.min(5, b.reasons().size())));
      if (osv != null) {
        events.record(osv, EventReason.DrainBlocked, msg);
      }
      observer.node(node).ifPresent(n -> events.record(n, EventReason.DrainBlocked, msg));
    } else {
      expectations.drop(osVersion, node, null);
    }
    trigger.trigger(osVersion);
  }

  /** Events and metrics derived from the new status. */
  void report(
      OSVersion osv, OSVersionStatus old, OSVersionStatus status, RolloutPlan plan, Instant now) {
    String name = osv.getMetadata().getName();
    metrics.nodes(name, OperatorMetrics.NodeCount.targeted, nz(status.targetNodes()));
    metrics.nodes(name, OperatorMetrics.NodeCount.updated, nz(status.updatedNodes()));
    metrics.nodes(name, OperatorMetrics.NodeCount.failed, nz(status.failedNodes()));
    metrics.nodes(name, OperatorMetrics.NodeCount.unavailable, nz(status.unavailableNodes()));
    metrics.nodes(name, OperatorMetrics.NodeCount.staged, nz(status.stagedNodes()));
    if (plan.diagnostics().halted()) {
      events.record(
          osv,
          EventReason.RolloutHalted,
          plan.diagnostics().countedFailures()
              + " failed node(s) exceed maxFailures "
              + plan.diagnostics().maxFailures()
              + "; set a new nestos.openeuler.org/retry token or a new osImage to continue");
    }
    passEvents.afterPass(osv, old, status, plan);
    Condition ready = Snapshots.find(status.conditions(), ConditionType.READY.value());
    metrics.readyReason(name, readyReason(ready));
    Condition wasReady =
        old == null ? null : Snapshots.find(old.conditions(), ConditionType.READY.value());
    boolean complete =
        ready != null
            && "True".equals(ready.getStatus())
            && ConditionReason.ROLLOUT_COMPLETE.value().equals(ready.getReason());
    boolean wasComplete =
        wasReady != null
            && "True".equals(wasReady.getStatus())
            && ConditionReason.ROLLOUT_COMPLETE.value().equals(wasReady.getReason());
    if (complete && !wasComplete) {
      events.record(
          osv,
          EventReason.RolloutCompleted,
          status.updatedNodes()
              + "/"
              + status.targetNodes()
              + " node(s) run "
              + osv.getSpec().osImage());
      Instant started = rolloutStart.remove(name + "|" + osv.getSpec().osImage());
      if (started != null) {
        metrics.rolloutTook(name, Duration.between(started, now));
      }
    }
  }

  private static ConditionReason readyReason(Condition ready) {
    if (ready == null || ready.getReason() == null) {
      return null;
    }
    try {
      return ConditionReason.of(ready.getReason());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Deletion: uncordons what the (paused) plan releases; a failed uncordon drops its expectation,
   * so that the next pass orders it again (a kept one would hold it back until it expires: chaos
   * seed 443, docs/chaos.md).
   *
   * <p>{@code drained} are nodes whose drain ended drained: cordoned by us although the cache may
   * not show it yet (a drain with no pod to evict ends right after its cordon), so the plan may not
   * release them; they are uncordoned too (the uncordon reads the node and leaves one we did not
   * cordon alone). Chaos seed 243, docs/chaos.md.
   *
   * @return whether every uncordon went through
   */
  boolean uncordonAll(String osVersion, RolloutPlan plan, Collection<String> drained) {
    AtomicInteger failed = new AtomicInteger();
    List<Runnable> tasks = new ArrayList<>();
    Set<String> nodes = new LinkedHashSet<>();
    plan.uncordon().forEach(u -> nodes.add(u.node()));
    nodes.addAll(drained);
    for (String node : nodes) {
      tasks.add(
          () -> {
            try {
              if (cordon.uncordon(node, observer.node(node).orElse(null))) {
                expectations.confirmUncordon(osVersion, node);
              }
              drains.forget(node);
            } catch (RuntimeException e) {
              OsVersionReconciler.apiError(metrics, "patch", "nodes", node, e);
              expectations.drop(osVersion, node, Expectation.Kind.UNCORDON);
              failed.incrementAndGet();
            }
          });
    }
    writes.runAll(tasks);
    return failed.get() == 0;
  }

  /**
   * Deletion: withdraws the Stage grants not yet acted on (nothing staged yet).
   *
   * @return whether every withdrawal went through
   */
  boolean withdrawStages(List<NodeSnapshot> snapshots, Map<String, NodeState> states) {
    AtomicInteger failed = new AtomicInteger();
    List<Runnable> tasks = new ArrayList<>();
    for (NodeSnapshot n : snapshots) {
      if (n.grant().allowed() == Disruption.Allowed.Stage
          && n.observed().stagedRevision() == null) {
        NodeState ns = states.get(n.name());
        tasks.add(
            () -> {
              try {
                specs.grant(
                    n.name(),
                    new Disruption(Disruption.Allowed.None, null, null, null),
                    ns.getMetadata().getResourceVersion());
              } catch (RuntimeException e) {
                OsVersionReconciler.apiError(metrics, "patch", "nodestates", n.name(), e);
                failed.incrementAndGet();
              }
            });
      }
    }
    writes.runAll(tasks);
    return failed.get() == 0;
  }

  @Override
  public void close() {
    writes.close();
    eventWrites.close();
    trigger.close();
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

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }
}
