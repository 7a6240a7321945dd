package org.openeuler.nestos.operator.core.rollout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;
import org.openeuler.nestos.api.v1alpha1.StagingSpec.Policy;

/**
 * The rollout planner (docs/design.md §4.3): classifies every node, then picks what to stage,
 * cordon, grant and uncordon.
 *
 * <ul>
 *   <li>Budget: resolved maxUnavailable − every unavailable node (any reason, ours or not, in
 *       progress included) − cordons/grants issued but not visible yet; new cordons also stay
 *       within the global cap. A node whose uncordon the API server confirmed counts as available
 *       before the cache shows it ({@link #replan}).
 *   <li>Partition: at most {@code partition} targeted nodes are at, moving to, or failed on the
 *       target.
 *   <li>Paused or halted: no new stage or cordon; cordoned-but-ungranted nodes are uncordoned;
 *       granted ones finish.
 *   <li>Windows gate new cordons only; drains and grants of nodes already ours continue.
 *   <li>Grants: one Reboot grant per (node, revision): a node gets one only while Draining, i.e.
 *       without an active grant, and the ticket is a function of (OSVersion, UID, bootID,
 *       revision).
 * </ul>
 */
public final class RolloutPlanner {
  /** Bound of {@link RolloutPlan#failures()} (the CRD's maxItems). */
  public static final int MAX_LISTED_FAILURES = 20;

  private final Clock clock;

  public RolloutPlanner(Clock clock) {
    this.clock = clock;
  }

  /** One pass. Pure: same input and clock, same plan. */
  public RolloutPlan plan(RolloutInput in) {
    Instant now = clock.instant();
    RolloutStrategy s = in.strategy();
    NodeClassifier classifier = new NodeClassifier(now, s.healthDeadline());
    List<NodeSnapshot> ordered = NodeOrder.order(in.nodes(), s.spreadByLabel());
    Map<String, NodeSnapshot> byName = new HashMap<>(ordered.size() * 2);
    ordered.forEach(n -> byName.put(n.name(), n));
    Map<String, Expectation> pending = pendingExpectations(in, byName, now);
    ordered = withConfirmedUncordons(ordered, pending);

    int size = ordered.size();
    NodeClass[] classes = new NodeClass[size];
    int targets = 0;
    int updated = 0;
    int staged = 0;
    int staging = 0;
    int updating = 0;
    int unavailableTargets = 0;
    int unavailable = 0;
    int pendingDisruptions = 0;
    int heldByUs = 0;
    int moved = 0;
    boolean inProgress = false;
    int waiting = 0;
    for (int i = 0; i < size; i++) {
      NodeSnapshot n = ordered.get(i);
      NodeClass c = classifier.classify(n);
      classes[i] = c;
      boolean down = NodeClassifier.unavailable(n, c);
      Expectation e = pending.get(n.name());
      // a running drain may cordon or evict at any moment, also of a node this pass no longer
      // wants: it holds its slot until it ends
      boolean disrupting = e != null && e.kind().disruptive() || n.drain().running();
      if (n.cordonedByUs() || c.inProgress() || disrupting) {
        heldByUs++;
      }
      if (down) {
        unavailable++;
      } else if (disrupting) {
        pendingDisruptions++;
      }
      if (e != null) {
        inProgress = true;
      }
      if (!n.targeted()) {
        continue;
      }
      targets++;
      switch (c) {
        case Updated -> updated++;
        case Staged -> staged++;
        case Staging -> staging++;
        default -> {}
      }
      if (c.inProgress()) {
        updating++;
        inProgress = true;
      }
      if (down) {
        unavailableTargets++;
      }
      if (c == NodeClass.Updated
          || c.inProgress()
          || c.failure()
          || e != null && e.kind().disruptive() && c.waiting()) {
        moved++;
      }
      if (c.waiting() || c == NodeClass.Unavailable) {
        waiting++;
      }
      if (e != null && e.kind() == Expectation.Kind.STAGE && c == NodeClass.Pending) {
        staging++;
      }
    }

    RetryState retry = in.retry();
    String acknowledged = retry.pending() ? retry.requested() : null;
    Instant handledAt = retry.pending() ? now : retry.handledAt();
    List<FailedNode> failures = new ArrayList<>();
    int counted = 0;
    for (int i = 0; i < size; i++) {
      NodeSnapshot n = ordered.get(i);
      if (n.targeted() && classes[i].failure()) {
        Instant at = classifier.failedAt(n);
        boolean counts = handledAt == null || at != null && at.isAfter(handledAt);
        counted += counts ? 1 : 0;
        failures.add(
            new FailedNode(
                n.name(), classifier.failureReason(n), n.target().revision(), at, counts));
      }
    }
    failures.sort(Comparator.comparing(FailedNode::name));
    int failedNodes = failures.size();

    int maxUnavailable = s.resolvedMaxUnavailable(targets);
    int maxFailures = s.maxFailures().resolve(targets);
    boolean halted = counted > maxFailures;
    int partition = s.partition().resolve(targets);
    int budget = Math.max(0, maxUnavailable - unavailable - pendingDisruptions);
    int partitionLeft = Math.max(0, partition - moved);
    WindowCalendar.Evaluation window = WindowCalendar.evaluate(s.windows(), now);
    boolean frozen = s.paused() || halted;
    // the global cap counts this OSVersion's own disruptions too (in.globalCapacity() is what
    // others left of it)
    int globalLeft =
        in.globalCapacity() == Integer.MAX_VALUE
            ? Integer.MAX_VALUE
            : Math.max(0, in.globalCapacity() - heldByUs);
    int slots =
        frozen || !window.open() ? 0 : Math.min(Math.min(budget, partitionLeft), globalLeft);

    List<GrantOrder> stage = new ArrayList<>();
    List<CordonOrder> cordon = new ArrayList<>();
    List<GrantOrder> grant = new ArrayList<>();
    List<UncordonOrder> uncordon = new ArrayList<>();
    List<Expectation> expectations = new ArrayList<>(pending.values());
    Map<String, NodeClass> classMap = new LinkedHashMap<>(size * 2);
    int stageSlots =
        s.stagingPolicy() == Policy.Eager && !frozen ? s.stagingMaxConcurrent() - staging : 0;
    int picked = 0;
    boolean blockedByBackoff = false;

    for (int i = 0; i < size; i++) {
      NodeSnapshot n = ordered.get(i);
      NodeClass c = classes[i];
      classMap.put(n.name(), c);
      if (pending.containsKey(n.name())) {
        continue; // our last write is not visible yet: never act twice
      }
      String revision = n.target().revision();
      if (!n.targeted()) {
        if (n.cordonedByUs() && !NodeClassifier.activeGrant(n) && c != NodeClass.Failed) {
          uncordon.add(new UncordonOrder(n.name(), UncordonOrder.Reason.LeftSelector));
          expectations.add(
              new Expectation(n.name(), Expectation.Kind.UNCORDON, null, null, now, n.uid()));
        }
        continue;
      }
      switch (c) {
        case Draining -> {
          if (frozen) {
            release(
                n,
                s.paused() ? UncordonOrder.Reason.Paused : UncordonOrder.Reason.Halted,
                uncordon,
                expectations,
                now);
          } else if (n.drain().drained() && n.ready() && n.observed().bootID() != null) {
            String ticket =
                Tickets.of(
                    in.osVersion(), Allowed.Reboot, n.uid(), n.observed().bootID(), revision);
            grant.add(
                new GrantOrder(
                    n.name(), n.uid(), Allowed.Reboot, ticket, n.observed().bootID(), revision));
            expectations.add(
                new Expectation(n.name(), Expectation.Kind.GRANT, revision, ticket, now, n.uid()));
          } else {
            cordon.add(new CordonOrder(n.name(), revision, false));
          }
        }
        case Updated, RolledBack -> {
          if (n.cordonedByUs() && !NodeClassifier.activeGrant(n)) {
            release(
                n,
                c == NodeClass.RolledBack
                    ? UncordonOrder.Reason.RolledBack
                    : revision.equals(n.cordonedFor()) || n.grant().isRebootFor(revision)
                        ? UncordonOrder.Reason.Updated
                        : UncordonOrder.Reason.NoLongerNeeded,
                uncordon,
                expectations,
                now);
          }
        }
        case Failed -> {
          // healthy on the old OS (its stage kept failing, or it came back on the previous
          // deployment): back to the workloads; a node that failed on the new deployment
          // (failureAction LeaveNode) or never came back stays cordoned for the admin
          if (n.cordonedByUs()
              && n.ready()
              && NodeClassifier.rebootNeeded(n)
              && !NodeClassifier.activeGrant(n)) {
            release(
                n, UncordonOrder.Reason.FailedOnPreviousDeployment, uncordon, expectations, now);
          }
        }
        case Pending, PendingReboot, Staged, Staging -> {
          boolean eligible = eligible(n);
          if (eligible && n.drain().backingOff(now)) {
            blockedByBackoff = true;
            eligible = false;
          }
          // its slot is held already; the drain's end starts the next pass
          eligible &= !n.drain().running();
          if (eligible && slots > 0) {
            slots--;
            picked++;
            cordon.add(new CordonOrder(n.name(), revision, true));
            expectations.add(
                new Expectation(n.name(), Expectation.Kind.CORDON, revision, null, now, n.uid()));
          } else if (eligible
              && c == NodeClass.Pending
              && stageSlots > 0
              && picked + staged + staging + stage.size() < partitionLeft) {
            stageSlots--;
            String ticket =
                Tickets.of(in.osVersion(), Allowed.Stage, n.uid(), n.observed().bootID(), revision);
            stage.add(
                new GrantOrder(
                    n.name(), n.uid(), Allowed.Stage, ticket, n.observed().bootID(), revision));
            expectations.add(
                new Expectation(n.name(), Expectation.Kind.STAGE, revision, ticket, now, n.uid()));
          }
        }
        default -> {}
      }
    }

    if (failures.size() > MAX_LISTED_FAILURES) {
      failures = failures.subList(0, MAX_LISTED_FAILURES);
    }
    RolloutCounts counts =
        new RolloutCounts(targets, updated, staged, updating, unavailableTargets, failedNodes);
    PlanDiagnostics diagnostics =
        new PlanDiagnostics(
            maxUnavailable,
            unavailable,
            pendingDisruptions,
            budget,
            partition,
            moved,
            maxFailures,
            counted,
            window.open(),
            halted);
    List<RolloutCondition> conditions =
        RolloutConditions.derive(
            new RolloutConditions.Facts(
                s.paused(),
                counts,
                diagnostics,
                waiting,
                picked,
                inProgress,
                partitionLeft,
                globalLeft,
                blockedByBackoff,
                window.invalid()));
    return new RolloutPlan(
        List.copyOf(stage),
        List.copyOf(cordon),
        List.copyOf(grant),
        List.copyOf(uncordon),
        classMap,
        counts,
        List.copyOf(failures),
        conditions,
        List.copyOf(expectations),
        acknowledged,
        handledAt,
        diagnostics);
  }

  /**
   * Same-pass release: re-plans {@code in}'s snapshot after {@code first}'s orders were carried
   * out, with the expectations as they stand then ({@code afterActing}: failed writes dropped,
   * confirmed uncordons turned into {@link Expectation.Kind#UNCORDONED}, so the budget they held is
   * free now). The result orders only nodes {@code first} did not order (a write that failed this
   * pass is not retried in it) and carries {@code afterActing} plus its own new expectations; the
   * global cap counts {@code first}'s cordons through those expectations. Its counts and conditions
   * describe the pass.
   */
  public RolloutPlan replan(RolloutInput in, RolloutPlan first, List<Expectation> afterActing) {
    RolloutPlan next =
        plan(
            new RolloutInput(
                in.osVersion(),
                in.strategy(),
                in.nodes(),
                afterActing,
                in.retry(),
                in.globalCapacity()));
    Set<String> ordered = first.orderedNodes();
    Set<Expectation> carried = new HashSet<>(afterActing);
    return new RolloutPlan(
        next.stage().stream().filter(o -> !ordered.contains(o.node())).toList(),
        next.cordon().stream().filter(o -> !ordered.contains(o.node())).toList(),
        next.grant().stream().filter(o -> !ordered.contains(o.node())).toList(),
        next.uncordon().stream().filter(o -> !ordered.contains(o.node())).toList(),
        next.classes(),
        next.counts(),
        next.failures(),
        next.conditions(),
        next.expectations().stream()
            .filter(e -> carried.contains(e) || !ordered.contains(e.node()))
            .toList(),
        next.acknowledgedRetry(),
        next.retryHandledAt(),
        next.diagnostics());
  }

  /**
   * Nodes with a pending {@link Expectation.Kind#UNCORDONED} are planned as uncordoned (same
   * order).
   */
  private static List<NodeSnapshot> withConfirmedUncordons(
      List<NodeSnapshot> ordered, Map<String, Expectation> pending) {
    if (pending.values().stream().noneMatch(e -> e.kind() == Expectation.Kind.UNCORDONED)) {
      return ordered;
    }
    List<NodeSnapshot> out = new ArrayList<>(ordered.size());
    for (NodeSnapshot n : ordered) {
      Expectation e = pending.get(n.name());
      out.add(e != null && e.kind() == Expectation.Kind.UNCORDONED ? n.uncordoned() : n);
    }
    return out;
  }

  /**
   * May be cordoned now: Ready, schedulable, healthy, and its daemon reports a boot id (needed for
   * a grant).
   */
  private static boolean eligible(NodeSnapshot n) {
    return !n.unhealthy() && !n.unschedulable() && n.observed().bootID() != null;
  }

  private static void release(
      NodeSnapshot n,
      UncordonOrder.Reason reason,
      List<UncordonOrder> uncordon,
      List<Expectation> expectations,
      Instant now) {
    uncordon.add(new UncordonOrder(n.name(), reason));
    expectations.add(
        new Expectation(n.name(), Expectation.Kind.UNCORDON, null, null, now, n.uid()));
  }

  /**
   * A grant for a revision the node's target has left: the renderer ends it (the cache may never
   * show it, so it is never met), and the node is planned for its new revision at once instead of
   * after the expectation timeout (chaos seed 199, docs/chaos.md: a NodeConfig edit ended a Reboot
   * grant before the planner saw it; the node stayed held for five minutes). Only grants: a cordon
   * issued for the old revision is (or will be) on the node whatever the revision and keeps holding
   * its slot (chaos seed 92: dropping those let a third node be cordoned under maxUnavailable 2).
   */
  private static boolean obsolete(Expectation e, NodeSnapshot n) {
    String target = n.target() == null ? null : n.target().revision();
    return (e.kind() == Expectation.Kind.GRANT || e.kind() == Expectation.Kind.STAGE)
        && e.revision() != null
        && target != null
        && !e.revision().equals(target);
  }

  /**
   * Earlier writes still expected: not yet visible, node still there (the same Node object), not
   * timed out, not for a revision the node has left. At most one per node.
   */
  private static Map<String, Expectation> pendingExpectations(
      RolloutInput in, Map<String, NodeSnapshot> byName, Instant now) {
    Map<String, Expectation> pending = new LinkedHashMap<>();
    for (Expectation e : in.expectations()) {
      NodeSnapshot n = byName.get(e.node());
      boolean expired = !now.isBefore(e.issuedAt().plus(in.strategy().expectationTimeout()));
      if (n != null && !expired && e.issuedFor(n) && !e.satisfiedBy(n) && !obsolete(e, n)) {
        pending.merge(
            e.node(),
            e,
            (a, b) ->
                b.kind().disruptive()
                        || b.kind() == Expectation.Kind.UNCORDONED && !a.kind().disruptive()
                    ? b
                    : a);
      }
    }
    return pending;
  }
}
