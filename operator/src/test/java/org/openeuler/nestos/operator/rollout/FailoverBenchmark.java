package org.openeuler.nestos.operator.rollout;

import static org.openeuler.nestos.operator.rollout.RuntimeHarness.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Leader failover in the middle of a rollout (issue 13; BENCHMARKS.md, "Leader failover"): two
 * operator replicas with the chart's lease timings (the operator's defaults: 15 s lease, 10 s renew
 * deadline, 2 s retry), {@code 2 * kills + 2} nodes rolled out two at a time, each wave held by the
 * simulated daemons until released. At every wave the leader is killed right after the wave was
 * claimed (kill -9: its traffic cut first, the Lease not released), the wave released, and two
 * times measured from the kill: until the other replica holds the Lease (takeover) and until a node
 * of the next wave is granted (planning resumed); a new standby replica is started each time. At
 * the end the rollout must complete, and a double grant is a ticket issued twice for a (node,
 * revision) or a node that claimed more than one ticket.
 *
 * <p>Args: {@code [kills, default 20]}; {@code -Dbench.leaseFlags="--lease-duration=10s ..."} runs
 * the replicas with other lease timings. {@code scripts/bench-failover} runs it on the real control
 * plane ({@code -Dnestos.controlPlane=real}).
 */
public final class FailoverBenchmark {

  private FailoverBenchmark() {}

  public static void main(String[] args) {
    int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int nodes = 2 * kills + 2;
    Duration wait = Duration.ofSeconds(120);
    List<Double> takeover = new ArrayList<>();
    List<Double> resumed = new ArrayList<>();
    String leaseProperty = System.getProperty("bench.leaseFlags", "").strip();
    String[] lease = leaseProperty.isEmpty() ? new String[0] : leaseProperty.split("\\s+");
    String timings =
        lease.length == 0
            ? "lease 15 s / renew 10 s / retry 2 s (defaults)"
            : String.join(" ", lease);
    try (RuntimeHarness h = new RuntimeHarness()) {
      h.daemon.hold = true;
      int next = 0;
      String first = "op-" + next++;
      h.startReplica(first, lease);
      await(wait, first + " leads", () -> first.equals(h.leaseHolder()));
      String standby = "op-" + next++;
      h.startReplica(standby, lease);
      h.nodes(nodes, "n");
      await(wait, "every node booted", () -> h.bootedNodes() == nodes);
      h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":2}");
      for (int k = 1; k <= kills; k++) {
        await(wait, "wave " + k + " claimed", () -> h.daemon.held.size() == 2);
        long granted = h.grantedNodes();
        String leader = h.leaseHolder();
        String successor = standby;
        h.killNow(leader);
        long t0 = System.nanoTime();
        h.daemon.releaseAll();
        await(wait, successor + " leads", () -> successor.equals(h.leaseHolder()));
        takeover.add((System.nanoTime() - t0) / 1e9);
        await(wait, "a node of wave " + (k + 1) + " granted", () -> h.grantedNodes() > granted);
        resumed.add((System.nanoTime() - t0) / 1e9);
        System.out.printf(
            Locale.ROOT,
            "kill %2d: %s killed, %s leads after %.1f s, granted the next wave after %.1f s%n",
            k,
            leader,
            successor,
            takeover.get(k - 1),
            resumed.get(k - 1));
        standby = "op-" + next++;
        h.startReplica(standby, lease);
      }
      h.daemon.hold = false;
      await(
          Duration.ofSeconds(300),
          "rollout complete",
          () -> {
            h.daemon.releaseAll();
            return h.condition("workers", "Ready").equals("True/RolloutComplete")
                && h.osv("workers").getStatus().updatedNodes() == nodes;
          });
      long doubleGrants =
          h.reissuedTickets().size()
              + h.daemon.claims.values().stream().filter(c -> c.get() != 1).count()
              + h.foreignTickets.size();
      System.out.printf(
          Locale.ROOT,
          "%d kills of the leader, %d nodes, maxUnavailable 2 (max seen %d), %s%n",
          kills,
          nodes,
          h.maxUnavailable.get(),
          timings);
      System.out.printf(
          Locale.ROOT,
          "takeover (the other replica holds the Lease): p50 %.1f s, max %.1f s%n",
          percentile(takeover, 50),
          percentile(takeover, 100));
      System.out.printf(
          Locale.ROOT,
          "planning resumed (next wave granted): p50 %.1f s, max %.1f s (target <= 15 s)%n",
          percentile(resumed, 50),
          percentile(resumed, 100));
      System.out.printf(
          Locale.ROOT,
          "double grants: %d (tickets re-issued %s, nodes claiming != 1 ticket, foreign tickets %s);"
              + " reconciles without the Lease: %d%n",
          doubleGrants,
          h.reissuedTickets(),
          h.foreignTickets,
          h.reconciledWithoutLease.size());
      System.out.printf(
          Locale.ROOT,
          "bench-summary: kills=%d failover_p50_s=%.1f failover_max_s=%.1f takeover_p50_s=%.1f"
              + " takeover_max_s=%.1f double_grants=%d%n",
          kills,
          percentile(resumed, 50),
          percentile(resumed, 100),
          percentile(takeover, 50),
          percentile(takeover, 100),
          doubleGrants);
    }
    System.exit(0);
  }

  /** The nearest-rank percentile of {@code values}. */
  static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
