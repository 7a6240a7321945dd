package org.openeuler.nestos.operator.core.rollout;

import static org.openeuler.nestos.operator.core.rollout.Nodes.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Planner pass time over 5,000 synthetic nodes (docs/design.md §9 target: &lt; 10 ms). Not a test:
 * run with {@code java -cp <test classpath>
 * org.openeuler.nestos.operator.core.rollout.PlannerBenchmark [nodes] [passes]}.
 */
public final class PlannerBenchmark {
  private PlannerBenchmark() {}

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    Random rnd = new Random(42);
    List<NodeSnapshot> nodes = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      Nodes.B b =
          node(String.format("node-%05d", i))
              .label("topology.kubernetes.io/zone", "zone-" + (i % 7));
      int r = rnd.nextInt(100);
      if (r < 40) {
        b.updated();
      } else if (r < 43) {
        b.accepted();
      } else if (r < 45) {
        b.rebooted();
      } else if (r < 47) {
        b.notReady();
      } else if (r < 50) {
        b.staged();
      }
      nodes.add(b.build());
    }
    RolloutStrategy s =
        Strategies.strategy()
            .maxUnavailable(IntOrPercent.percent(10))
            .maxFailures(50)
            .spreadBy("topology.kubernetes.io/zone")
            .eager(20)
            .windows(new WindowSpec(java.util.Set.of(), "00:00", 1440, "Europe/Berlin"))
            .build();
    RolloutInput input = new RolloutInput(Nodes.OSV, s, nodes, List.of(), RetryState.NONE, 1000);
    RolloutPlanner planner = new RolloutPlanner(Nodes.CLOCK);
    for (int i = 0; i < 300; i++) {
      planner.plan(input); // warm-up
    }
    long[] nanos = new long[passes];
    RolloutPlan last = null;
    for (int i = 0; i < passes; i++) {
      long t0 = System.nanoTime();
      last = planner.plan(input);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    System.out.printf(
        "planner pass over %d nodes, %d passes: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        size,
        passes,
        nanos[passes / 2] / 1e6,
        nanos[(int) (passes * 0.99)] / 1e6,
        nanos[passes - 1] / 1e6);
    System.out.printf(
        "last plan: %d new cordons, %d grants, %d stage, counts %s%n",
        last.newlyCordoned().size(), last.grant().size(), last.stage().size(), last.counts());
  }
}
