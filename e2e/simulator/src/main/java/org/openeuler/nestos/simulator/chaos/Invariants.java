package org.openeuler.nestos.simulator.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The invariants a chaos run checks (docs/chaos.md), as pure functions of a {@link ClusterView}.
 * {@link #always} must hold at every step; {@link #atEnd} once the run settled (the faults over,
 * the rollout complete or halted, the nodes that can be up, up).
 */
public final class Invariants {

  public static final String BUDGET = "disruption-budget";
  public static final String ONE_FORWARD_REBOOT = "one-forward-reboot-per-revision";
  public static final String ONE_ROLLBACK = "one-rollback-per-revision";
  public static final String CORDON_OUTLIVES_UPDATE = "no-cordon-after-update";
  public static final String GRANT_OUTLIVES_UPDATE = "no-grant-after-update";
  public static final String FAILED_NODE_ROLLED_BACK = "failed-node-on-rollback-deployment";
  public static final String COMPLETE_OR_HALTED = "rollout-complete-or-halted-with-reason";
  public static final String UPDATED_NODE_ON_TARGET = "updated-node-on-target";
  public static final String SYSCTL_APPLIED = "sysctl-applied";
  public static final String SYSCTL_RESTORED = "sysctl-restored";
  public static final String NODE_BACK_UP = "node-back-up";

  private Invariants() {}

  /**
   * At every step: never more nodes cordoned than the budget (the OSVersion's maxUnavailable and
   * the global cap), never a second forward reboot into a deployment, never a second rollback away
   * from one.
   */
  public static List<Violation> always(ClusterView v, ChaosSchedule s) {
    List<Violation> out = new ArrayList<>();
    long cordoned = v.nodes().stream().filter(ClusterView.NodeView::cordonedByUs).count();
    int budget =
        s.globalCap() > 0 ? Math.min(s.globalCap(), s.maxUnavailable()) : s.maxUnavailable();
    if (cordoned > budget) {
      out.add(
          new Violation(
              BUDGET,
              v.atMillis(),
              cordoned
                  + " nodes cordoned, budget "
                  + budget
                  + ": "
                  + v.nodes().stream()
                      .filter(ClusterView.NodeView::cordonedByUs)
                      .map(ClusterView.NodeView::name)
                      .toList()));
    }
    for (ClusterView.NodeView n : v.nodes()) {
      // every reboot of ours is under a Reboot grant for one revision: at most one forward reboot
      // into an image and one rollback away from it per revision of that image granted
      perGrant(out, v, n, n.finalizations(), ONE_FORWARD_REBOOT, "forward reboots into");
      perGrant(out, v, n, n.rollbacks(), ONE_ROLLBACK, "rollbacks away from");
    }
    return out;
  }

  private static void perGrant(
      List<Violation> out,
      ClusterView v,
      ClusterView.NodeView n,
      Map<String, Integer> reboots,
      String invariant,
      String what) {
    reboots.forEach(
        (digest, times) -> {
          int granted = n.rebootGrants().getOrDefault(digest, 0);
          if (times > granted) {
            out.add(
                new Violation(
                    invariant,
                    v.atMillis(),
                    n.name()
                        + ": "
                        + times
                        + " "
                        + what
                        + " "
                        + abbreviate(digest)
                        + " under "
                        + granted
                        + " Reboot grant(s) for it"));
          }
        });
  }

  private static Map<String, Integer> abbreviated(Map<String, Integer> byChecksum) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    byChecksum.forEach((k, v) -> out.put(abbreviate(k), v));
    return out;
  }

  /**
   * Once settled: every node back up (but one that hangs at boot for good); the rollout complete or
   * halted with a reason (or its OSVersion deleted; waiting for budget counts as a halt while a
   * node that never came back holds the budget, as a NotReady node counts as unavailable, and so
   * does a deletion such a node holds); no node that is up left cordoned or holding a Reboot grant
   * once the rollout is complete or halted, nor any grant once its update ended; every failed node
   * on its rollback deployment, every other node that is up on the target; the NodeConfig's sysctl
   * on every node that is up, or the original value back once the NodeConfig is gone.
   */
  public static List<Violation> atEnd(ClusterView v, ChaosSchedule s) {
    List<Violation> out = new ArrayList<>(always(v, s));
    ClusterView.OsvView osv = v.osv();
    boolean deadNode = v.nodes().stream().anyMatch(ClusterView.NodeView::hung);
    if (osv != null && osv.waitingForADeadNode() && deadNode) {
      osv = osv.settledBy("a node that never came back holds the disruption budget");
    }
    if (osv != null && osv.deletionHeld() && deadNode) {
      // it is uncordoned when it returns, or the deletion ends once its Node object is deleted;
      // every other node is checked as released below (chaos seed 133, docs/chaos.md)
      osv = osv.settledBy("a node that never came back holds the deletion");
    }
    if (osv != null && !osv.settled()) {
      out.add(
          new Violation(
              COMPLETE_OR_HALTED,
              v.atMillis(),
              "Ready=" + osv.ready() + ", Reconciling=" + osv.reconciling()));
    }
    boolean quiet = osv == null || osv.settled();
    for (ClusterView.NodeView n : v.nodes()) {
      if (n.hung()) {
        continue; // down for good: its update never ends (the operator counts it failed)
      }
      if (!n.ready()) {
        out.add(new Violation(NODE_BACK_UP, v.atMillis(), n.name() + " is not Ready"));
        continue;
      }
      if (n.cordonedByUs() && (n.updateEnded() || quiet)) {
        out.add(new Violation(CORDON_OUTLIVES_UPDATE, v.atMillis(), n.name() + " still cordoned"));
      }
      boolean reboot = "Reboot".equals(n.grant());
      // an ended grant (bound to the revision reached or failed) is inert and stays until the
      // renderer next writes the NodeState: only a live grant may not outlive its update
      if (!"None".equals(n.grant()) && !n.grantEnded() && (n.updateEnded() || (quiet && reboot))) {
        out.add(
            new Violation(
                GRANT_OUTLIVES_UPDATE,
                v.atMillis(),
                n.name() + " holds a " + n.grant() + " grant for " + n.grantRevision()));
      }
      if (osv != null && osv.settled()) {
        boolean failed = osv.failedNodes().contains(n.name());
        if (failed && osv.targetDigest().equals(n.bootedDigest())) {
          out.add(
              new Violation(
                  FAILED_NODE_ROLLED_BACK,
                  v.atMillis(),
                  n.name() + " failed but runs the target " + abbreviate(osv.targetDigest())));
        }
        if (!failed
            && "True/RolloutComplete".equals(osv.ready())
            && !osv.targetDigest().equals(n.bootedDigest())) {
          out.add(
              new Violation(
                  UPDATED_NODE_ON_TARGET,
                  v.atMillis(),
                  n.name()
                      + " runs "
                      + abbreviate(n.bootedDigest())
                      + ", the rollout is complete"));
        }
      }
      String wanted =
          v.nodeConfigValue() == null ? ChaosSchedule.SYSCTL_DEFAULT : v.nodeConfigValue();
      if (!wanted.equals(n.sysctl())) {
        out.add(
            new Violation(
                v.nodeConfigValue() == null ? SYSCTL_RESTORED : SYSCTL_APPLIED,
                v.atMillis(),
                n.name() + " " + ChaosSchedule.SYSCTL + "=" + n.sysctl() + ", wanted " + wanted));
      }
    }
    return out;
  }

  static String abbreviate(String digest) {
    if (digest == null) {
      return "null";
    }
    int colon = digest.indexOf(':');
    String hex = colon < 0 ? digest : digest.substring(colon + 1);
    return hex.substring(0, Math.min(12, hex.length()));
  }
}
