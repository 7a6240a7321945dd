package org.openeuler.nestos.simulator.chaos;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeFailure;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.simulator.SimulatedNode;

/** Builds the {@link ClusterView} records from the API objects and the simulated machines. */
final class ChaosViews {

  private ChaosViews() {}

  /** What the simulated machine says, read at one moment. */
  record Machine(
      String name,
      boolean hung,
      String bootedDigest,
      Map<String, Integer> finalizations,
      Map<String, Integer> rollbacks,
      String sysctl) {}

  static Machine machine(SimulatedNode sim) {
    return new Machine(
        sim.name(),
        sim.os().hung(),
        sim.booted().imageDigest(),
        sim.os().finalizations(),
        sim.os().rollbacks(),
        sim.files().sysctl(ChaosSchedule.SYSCTL));
  }

  static ClusterView.NodeView node(
      Machine m, Node node, NodeState state, Map<String, Integer> rebootGrants) {
    boolean ready =
        node != null
            && node.getStatus() != null
            && node.getStatus().getConditions() != null
            && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    var spec = state == null ? null : state.getSpec();
    var status = state == null ? null : state.getStatus();
    Disruption grant = spec == null ? null : spec.disruption();
    return new ClusterView.NodeView(
        m.name(),
        ready,
        node != null && ChaosRun.cordonedByUs(node),
        m.hung(),
        m.bootedDigest(),
        m.finalizations(),
        m.rollbacks(),
        m.sysctl(),
        spec == null ? null : spec.revision(),
        status == null ? null : status.currentRevision(),
        status == null ? null : status.lastFailedRevision(),
        grant == null || grant.allowed() == null ? "None" : grant.allowed().name(),
        grant == null ? null : grant.revision(),
        Map.copyOf(rebootGrants));
  }

  static ClusterView.OsvView osv(OSVersion o) {
    if (o == null) {
      return null;
    }
    var status = o.getStatus();
    List<Condition> conditions =
        status == null || status.conditions() == null ? List.of() : status.conditions();
    List<NodeFailure> failures =
        status == null || status.failures() == null ? List.of() : status.failures();
    return new ClusterView.OsvView(
        ChaosRun.digest(o.getSpec().osImage()),
        condition(conditions, "Ready"),
        condition(conditions, "Reconciling"),
        failures.stream().map(NodeFailure::name).toList(),
        status != null
            && Objects.equals(status.observedGeneration(), o.getMetadata().getGeneration()));
  }

  private static String condition(List<Condition> conditions, String type) {
    return conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse(null);
  }
}
