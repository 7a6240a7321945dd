package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;

/** Invariants of the planner (docs/design.md §4), on arbitrary fleets and on simulated rollouts. */
class PlannerPropertiesTest {
  private static final List<String> STATES =
      List.of(
          "pending",
          "updated",
          "notReady",
          "cordonedByOthers",
          "draining",
          "drained",
          "accepted",
          "rebooted",
          "verified",
          "failed",
          "rolledBack",
          "staged",
          "kargs",
          "unreachable",
          "noDaemon");

  @Provide
  Arbitrary<List<String>> fleets() {
    return Arbitraries.of(STATES).list().ofMinSize(0).ofMaxSize(30);
  }

  private static List<NodeSnapshot> build(List<String> states) {
    List<NodeSnapshot> out = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      Nodes.B b = node(String.format("n%03d", i));
      switch (states.get(i)) {
        case "updated" -> b.updated();
        case "notReady" -> b.notReady();
        case "cordonedByOthers" -> b.cordonedByOthers();
        case "draining" -> b.draining();
        case "drained" -> b.drained();
        case "accepted" -> b.accepted();
        case "rebooted" -> b.rebooted();
        case "verified" -> b.verified();
        case "failed" -> b.failed("HealthCheckFailed");
        case "rolledBack" -> b.rolledBack();
        case "staged" -> b.staged();
        case "kargs" -> b.updated().kargs(List.of("nosmt"), List.of());
        case "unreachable" -> b.taint("node.kubernetes.io/unreachable");
        case "noDaemon" -> b.noDaemon();
        default -> {}
      }
      out.add(b.build());
    }
    return out;
  }

  private static RolloutPlan plan(List<NodeSnapshot> nodes, int maxU, int maxFailures, int cap) {
    RolloutStrategy s =
        Strategies.strategy().maxUnavailable(maxU).maxFailures(maxFailures).eager(2).build();
    return new RolloutPlanner(Nodes.CLOCK)
        .plan(new RolloutInput(Nodes.OSV, s, nodes, List.of(), RetryState.NONE, cap));
  }

  @Property(tries = 500)
  void budgetIsNeverExceeded(
      @ForAll("fleets") List<String> states,
      @ForAll @IntRange(max = 6) int maxU,
      @ForAll @IntRange(max = 30) int maxFailures,
      @ForAll @IntRange(max = 8) int cap) {
    RolloutPlan p = plan(build(states), maxU, maxFailures, cap);
    PlanDiagnostics d = p.diagnostics();
    int fresh = p.newlyCordoned().size();
    assertThat(fresh).isLessThanOrEqualTo(d.budget()).isLessThanOrEqualTo(cap);
    assertThat(d.unavailable() + d.pendingDisruptions() + fresh)
        .satisfiesAnyOf(
            total -> assertThat(total).isLessThanOrEqualTo(Math.max(1, maxU)),
            total -> assertThat(fresh).isZero());
  }

  /**
   * The global cap holds for this OSVersion's own disruptions too: what it holds plus what it
   * starts stays within it.
   */
  @Property(tries = 500)
  void globalCapIsNeverExceeded(
      @ForAll("fleets") List<String> states,
      @ForAll @IntRange(max = 12) int maxU,
      @ForAll @IntRange(max = 8) int cap) {
    List<NodeSnapshot> nodes = build(states);
    RolloutPlan p = plan(nodes, maxU, 30, cap);
    long held =
        nodes.stream()
            .filter(n -> n.cordonedByUs() || p.classes().get(n.name()).inProgress())
            .count();
    int fresh = p.newlyCordoned().size();
    assertThat(held + fresh)
        .satisfiesAnyOf(
            total -> assertThat(total).isLessThanOrEqualTo(cap),
            total -> assertThat(fresh).isZero());
  }

  /**
   * Confirmed uncordons ({@link Expectation.Kind#UNCORDONED}) on nodes the cache still shows
   * cordoned by us: the budget is counted on the API server's view (those nodes uncordoned) and
   * never exceeded there.
   */
  @Property(tries = 500)
  void budgetIsNeverExceededWithConfirmedUncordons(
      @ForAll("fleets") List<String> states,
      @ForAll @IntRange(max = 6) int maxU,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    List<NodeSnapshot> cache = build(states);
    List<Expectation> expectations = new ArrayList<>();
    List<NodeSnapshot> server = new ArrayList<>();
    for (NodeSnapshot n : cache) {
      boolean released = n.cordonedByUs() && !NodeClassifier.activeGrant(n) && rnd.nextBoolean();
      if (released) {
        expectations.add(
            new Expectation(n.name(), Expectation.Kind.UNCORDONED, null, null, Nodes.NOW, n.uid()));
      }
      server.add(released ? n.uncordoned() : n);
    }
    RolloutStrategy s = Strategies.strategy().maxUnavailable(maxU).maxFailures(30).build();
    RolloutPlan p =
        new RolloutPlanner(Nodes.CLOCK)
            .plan(
                new RolloutInput(
                    Nodes.OSV, s, cache, expectations, RetryState.NONE, Integer.MAX_VALUE));
    NodeClassifier classifier = new NodeClassifier(Nodes.NOW, s.healthDeadline());
    long down =
        server.stream().filter(n -> NodeClassifier.unavailable(n, classifier.classify(n))).count();
    int fresh = p.newlyCordoned().size();
    assertThat(p.diagnostics().unavailable()).isEqualTo((int) down);
    Set<String> released = new HashSet<>(expectations.stream().map(Expectation::node).toList());
    assertThat(p.uncordon()).noneMatch(u -> released.contains(u.node()));
    if (fresh > 0) {
      assertThat(down + fresh).isLessThanOrEqualTo(Math.max(1, maxU));
    }
  }

  @Property(tries = 500)
  void progressWheneverBudgetPartitionAndWindowAllow(
      @ForAll("fleets") List<String> states,
      @ForAll @IntRange(max = 6) int maxU,
      @ForAll @IntRange(max = 30) int maxFailures) {
    List<NodeSnapshot> nodes = build(states);
    RolloutPlan p = plan(nodes, maxU, maxFailures, Integer.MAX_VALUE);
    PlanDiagnostics d = p.diagnostics();
    boolean someoneCanMove =
        nodes.stream()
            .anyMatch(
                n ->
                    p.classes().get(n.name()).waiting()
                        && n.ready()
                        && !n.unschedulable()
                        && !n.unhealthy()
                        && n.observed().bootID() != null);
    if (d.budget() > 0
        && d.partition() > d.moved()
        && d.windowOpen()
        && !d.halted()
        && someoneCanMove) {
      assertThat(p.newlyCordoned()).isNotEmpty();
    }
  }

  @Property(tries = 300)
  void haltedExactlyWhenFailuresExceedTheBudget(
      @ForAll("fleets") List<String> states, @ForAll @IntRange(max = 5) int maxFailures) {
    List<NodeSnapshot> nodes = build(states);
    RolloutPlan p = plan(nodes, 3, maxFailures, Integer.MAX_VALUE);
    long failures = p.classes().values().stream().filter(NodeClass::failure).count();
    assertThat(p.diagnostics().halted()).isEqualTo(failures > maxFailures);
    assertThat(p.condition(org.openeuler.nestos.api.ConditionType.STALLED).status())
        .isEqualTo(failures > maxFailures);
    if (p.diagnostics().halted()) {
      assertThat(p.newlyCordoned()).isEmpty();
      assertThat(p.grant()).isEmpty();
      assertThat(p.stage()).isEmpty();
    }
  }

  /**
   * A simulated rollout: writes become visible in the cache one pass late at random, uncordons fail
   * at random (a confirmed one is re-planned at once: same-pass release, {@link
   * RolloutPlanner#replan}), the daemon claims, reboots, verifies or fails, other actors take nodes
   * down. Our disruptions, as the API server holds them, never exceed maxUnavailable, and no (node,
   * revision) is ever granted twice.
   */
  @Property(tries = 200)
  void simulatedRolloutsStayInBudgetAndGrantOncePerNodeRevision(
      @ForAll @IntRange(min = 1, max = 12) int size,
      @ForAll @IntRange(max = 4) int maxU,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    List<Nodes.B> fleet = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      fleet.add(node(String.format("n%02d", i)));
    }
    RolloutStrategy s = Strategies.strategy().maxUnavailable(maxU).maxFailures(size).build();
    RolloutPlanner planner = new RolloutPlanner(Nodes.CLOCK);
    List<Expectation> expectations = List.of();
    List<Runnable> delayed = new ArrayList<>();
    Set<String> delayedNodes = new HashSet<>();
    Set<String> granted = new HashSet<>();
    for (int step = 0; step < 60; step++) {
      List<NodeSnapshot> snapshot = fleet.stream().map(Nodes.B::build).toList();
      RolloutInput input =
          new RolloutInput(
              Nodes.OSV, s, snapshot, expectations, RetryState.NONE, Integer.MAX_VALUE);
      RolloutPlan first = planner.plan(input);
      List<Runnable> writes = new ArrayList<>();
      List<String> writeNodes = new ArrayList<>();
      Set<String> uncordoned = new HashSet<>();
      // the actuator: uncordons first, each confirmed (API server applied it) or failed (nothing
      // changed)
      List<Expectation> afterActing = new ArrayList<>(first.expectations());
      for (UncordonOrder u : first.uncordon()) {
        Nodes.B b = find(fleet, u.node());
        afterActing.removeIf(
            e -> e.node().equals(u.node()) && e.kind() == Expectation.Kind.UNCORDON);
        if (rnd.nextInt(4) == 0) {
          continue; // failed: its expectation dropped, the node stays cordoned
        }
        afterActing.add(
            new Expectation(u.node(), Expectation.Kind.UNCORDONED, null, null, Nodes.NOW, b.uid));
        uncordoned.add(u.node());
        writeNodes.add(null);
        writes.add(
            () -> {
              b.unschedulable = false;
              b.cordonedFor = null;
            });
      }
      List<RolloutPlan> plans = new ArrayList<>(List.of(first));
      expectations = afterActing;
      if (!uncordoned.isEmpty()) {
        RolloutPlan next = planner.replan(input, first, afterActing);
        plans.add(next);
        expectations = next.expectations();
        assertThat(next.uncordon()).isEmpty();
      }
      for (RolloutPlan p : plans) {
        for (GrantOrder g : p.grant()) {
          assertThat(granted.add(g.node() + "@" + g.revision()))
              .as("second grant for %s", g)
              .isTrue();
        }
        orders(p, fleet, writes, writeNodes);
      }
      delayed.forEach(Runnable::run); // last pass's late writes reach the cache now
      delayed.clear();
      delayedNodes.clear();
      Set<String> lateUncordons = new HashSet<>();
      for (int i = 0; i < writes.size(); i++) {
        if (rnd.nextBoolean()) {
          writes.get(i).run();
        } else {
          delayed.add(writes.get(i));
          if (writeNodes.get(i) != null) {
            delayedNodes.add(writeNodes.get(i));
          }
        }
      }
      for (String u : uncordoned) {
        if (find(fleet, u).cordonedFor != null) {
          lateUncordons.add(u); // applied on the API server, not yet in the cache
        }
      }
      for (Nodes.B b : fleet) {
        daemon(b, rnd);
      }
      long ours =
          fleet.stream()
              .map(Nodes.B::build)
              .filter(
                  n ->
                      n.cordonedByUs() && !lateUncordons.contains(n.name())
                          || NodeClassifier.activeGrant(n)
                          || delayedNodes.contains(n.name()))
              .count();
      assertThat(ours)
          .as("our disruptions at step %d", step)
          .isLessThanOrEqualTo(Math.max(1, maxU));
    }
  }

  /**
   * The cache-visible effects of {@code p}'s cordons and grants (uncordons are done by the caller).
   */
  private static void orders(
      RolloutPlan p, List<Nodes.B> fleet, List<Runnable> writes, List<String> writeNodes) {
    for (CordonOrder c : p.cordon()) {
      Nodes.B b = find(fleet, c.node());
      writeNodes.add(c.node());
      writes.add(
          () -> {
            b.unschedulable = true;
            b.cordonedFor = c.revision();
          });
    }
    for (GrantOrder g : p.grant()) {
      Nodes.B b = find(fleet, g.node());
      writeNodes.add(g.node());
      writes.add(() -> b.grant = new Grant(Allowed.Reboot, g.ticket(), g.bootID(), g.revision()));
    }
  }

  private static void daemon(Nodes.B b, Random rnd) {
    if (b.cordonedFor != null && !b.drain.drained()) {
      b.drain = new DrainProgress(true, null);
      return;
    }
    Grant g = b.grant;
    if (g.allowed() == Allowed.Reboot && g.revision().equals(b.revision)) {
      if (b.acceptedTicket == null || !b.acceptedTicket.equals(g.ticket())) {
        b.acceptedTicket = g.ticket();
      } else if (b.bootID.equals(g.bootID())) {
        b.bootID = b.bootID + "'";
        b.bootedImage = b.image;
        b.updatedCondition = false;
      } else if (!b.updatedCondition && b.lastFailedRevision == null) {
        if (rnd.nextInt(5) == 0) {
          b.lastFailedRevision = b.revision;
          b.degradedReason = "HealthCheckFailed";
        } else {
          b.currentRevision = b.revision;
          b.updatedCondition = true;
        }
      }
    }
    if (rnd.nextInt(20) == 0) {
      b.ready = !b.ready;
    }
  }

  private static Nodes.B find(List<Nodes.B> fleet, String name) {
    return fleet.stream().filter(b -> b.name.equals(name)).findFirst().orElseThrow();
  }
}
