package org.openeuler.nestos.simulator.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.openeuler.nestos.simulator.HostFaults;

/**
 * What one chaos run does, drawn from its seed alone (docs/chaos.md): the fleet, the rollout, the
 * NodeConfig change, and the faults with their times. The same seed always gives the same schedule;
 * the interleaving of the threads that run it is the machine's.
 *
 * @param seed the seed it was drawn from
 * @param nodes fleet size
 * @param maxUnavailable the OSVersion's {@code rollout.maxUnavailable}
 * @param maxFailures the OSVersion's {@code rollout.maxFailures}
 * @param globalCap the operator's {@code --global-max-unavailable} (0: none)
 * @param eagerStaging {@code staging.policy: Eager} (else OnGrant)
 * @param bootAttempts GRUB boot counting on the daemons (0: off)
 * @param sysctlValue the NodeConfig's {@code net.core.somaxconn}
 * @param faults the faults, by time
 */
public record ChaosSchedule(
    long seed,
    int nodes,
    int maxUnavailable,
    int maxFailures,
    int globalCap,
    boolean eagerStaging,
    int bootAttempts,
    String sysctlValue,
    List<ChaosFault> faults) {

  /** The sysctl the NodeConfig sets, and its value on a host no policy touched. */
  public static final String SYSCTL = "net.core.somaxconn";

  public static final String SYSCTL_DEFAULT = "4096";

  /** Faults start within this time after the rollout starts. */
  public static final long FAULT_WINDOW_MILLIS = 8_000;

  static final List<String> SYSCTL_VALUES = List.of("1024", "2048", "8192", "16384");

  public ChaosSchedule {
    faults = List.copyOf(faults);
  }

  /** The schedule of {@code seed}. */
  public static ChaosSchedule draw(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int nodes = 3 + r.nextInt(2);
    int maxUnavailable = 1 + r.nextInt(2);
    int maxFailures = r.nextInt(3);
    int globalCap = maxUnavailable > 1 && r.nextInt(3) == 0 ? 1 : 0;
    boolean eager = r.nextBoolean();
    String sysctl = SYSCTL_VALUES.get(r.nextInt(SYSCTL_VALUES.size()));
    int count = 1 + r.nextInt(4);
    FaultKind[] kinds = FaultKind.values();
    List<ChaosFault> faults = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      faults.add(fault(r, kinds[r.nextInt(kinds.length)], nodes));
    }
    boolean neverReturns = faults.stream().anyMatch(f -> f.kind() == FaultKind.NODE_NEVER_RETURNS);
    boolean fallback = faults.stream().anyMatch(f -> f.kind() == FaultKind.BOOT_HANG_FALLBACK);
    // boot counting is on where a fallback is drawn, otherwise on or off at random; the node that
    // never returns has it off (the runner switches it off on that node alone)
    int bootAttempts = fallback || (!neverReturns && r.nextBoolean()) ? 2 + r.nextInt(2) : 0;
    faults.sort(Comparator.comparingLong(ChaosFault::atMillis));
    return new ChaosSchedule(
        seed, nodes, maxUnavailable, maxFailures, globalCap, eager, bootAttempts, sysctl, faults);
  }

  private static ChaosFault fault(SplittableRandom r, FaultKind kind, int nodes) {
    long at = r.nextLong(FAULT_WINDOW_MILLIS);
    int node = kind.perNode() ? 1 + r.nextInt(nodes) : 0;
    return switch (kind) {
      case DAEMON_KILL_AT_ACTION -> {
        String action = HostFaults.ACTIONS.get(r.nextInt(HostFaults.ACTIONS.size()));
        boolean after =
            !action.equals("finalizeAndReboot") && !action.equals("rollback") && r.nextBoolean();
        yield new ChaosFault(at, kind, node, 0, action + (after ? " after" : " before"));
      }
      case API_ERRORS ->
          new ChaosFault(at, kind, 0, 1_000 + r.nextLong(4_000), 10 + r.nextInt(41) + "%");
      case API_TIMEOUTS ->
          new ChaosFault(at, kind, 0, 1_000 + r.nextLong(3_000), 5 + r.nextInt(21) + "%");
      case WATCH_DROPS -> new ChaosFault(at, kind, 0, 1_000 + r.nextLong(4_000), "");
      case PDB_BLOCKS_DRAIN -> new ChaosFault(at, kind, node, 2_000 + r.nextLong(6_000), "");
      case PULL_FAILS -> new ChaosFault(at, kind, node, 0, String.valueOf(1 + r.nextInt(3)));
      case NODE_NEVER_RETURNS, BOOT_HANG_FALLBACK, HEALTH_CHECK_FAILS, BLOB_TAMPERED ->
          new ChaosFault(0, kind, node, 0, ""); // set before the rollout reaches the node
      default -> new ChaosFault(at, kind, node, 0, "");
    };
  }

  /** When the last fault ends. */
  public long faultsEndMillis() {
    return faults.stream().mapToLong(f -> f.atMillis() + f.durationMillis()).max().orElse(0);
  }

  /** The command that runs this schedule again. */
  public String reproduce() {
    return "scripts/chaos --seed=" + seed;
  }

  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder(
            "seed %d: %d nodes, maxUnavailable %d, maxFailures %d, global cap %s, %s staging, boot counting %s, %s=%s"
                .formatted(
                    seed,
                    nodes,
                    maxUnavailable,
                    maxFailures,
                    globalCap == 0 ? "none" : globalCap,
                    eagerStaging ? "Eager" : "OnGrant",
                    bootAttempts == 0 ? "off" : bootAttempts + " attempts",
                    SYSCTL,
                    sysctlValue));
    faults.forEach(f -> b.append("\n  ").append(f));
    return b.toString();
  }
}
