package org.openeuler.nestos.apiserver.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openeuler.nestos.apiserver.registry.JsonNodes;

/**
 * What {@code POST .../pods/<name>/eviction} answers, decided like kube-apiserver's eviction REST
 * handler with the disruption controller's arithmetic done inline (the test server runs no
 * disruption controller):
 *
 * <ul>
 *   <li>Succeeded, Failed or Pending pods, and pods already being deleted, are always evictable;
 *   <li>PDBs whose selector is empty or does not match the pod are ignored; none left → allowed;
 *   <li>more than one matching PDB → 500 (kube: "This pod has more than one PodDisruptionBudget,
 *       which the eviction subresource does not support.");
 *   <li>expected pods = {@code status.expectedPods} of the PDB if set, else the matching
 *       non-terminal pods; desired healthy = {@code minAvailable} (int, or percent of expected
 *       rounded up) or expected minus {@code maxUnavailable} (percent rounded up); healthy =
 *       matching Ready pods not being deleted;
 *   <li>an unready pod may go while the budget is met (kube's default {@code IfHealthyBudget};
 *       {@code AlwaysAllow} lets it go always); otherwise eviction needs {@code healthy - 1 >=
 *       desired}, else 429 TooManyRequests with cause {@code DisruptionBudget}.
 * </ul>
 *
 * @param code HTTP status: 201 allowed, 429 budget violated, 500 several PDBs
 * @param status the {@code v1 Status} body to return
 */
public record EvictionDecision(boolean allowed, int code, ObjectNode status) {

  static final String VIOLATION =
      "Cannot evict pod as it would violate the pod's disruption budget.";

  public static EvictionDecision decide(
      JsonNode pod, List<JsonNode> pdbsInNamespace, List<JsonNode> podsInNamespace) {
    String phase = pod.path("status").path("phase").asText("Pending");
    if (List.of("Succeeded", "Failed", "Pending").contains(phase)
        || pod.path("metadata").hasNonNull("deletionTimestamp")) {
      return allow();
    }
    JsonNode labels = pod.path("metadata").path("labels");
    List<JsonNode> pdbs =
        pdbsInNamespace.stream()
            .filter(pdb -> !LabelSelectors.isEmpty(pdb.path("spec").path("selector")))
            .filter(pdb -> LabelSelectors.matches(pdb.path("spec").path("selector"), labels))
            .toList();
    if (pdbs.isEmpty()) {
      return allow();
    }
    if (pdbs.size() > 1) {
      return new EvictionDecision(
          false,
          500,
          failure(
              500,
              "InternalError",
              "Internal error occurred: This pod "
                  + "has more than one PodDisruptionBudget, which the eviction subresource does not support."));
    }
    JsonNode pdb = pdbs.get(0);
    Budget budget = Budget.of(pdb, podsInNamespace);
    boolean podHealthy = Budget.isReady(pod);
    if (!podHealthy) {
      String policy = pdb.path("spec").path("unhealthyPodEvictionPolicy").asText("IfHealthyBudget");
      if ("AlwaysAllow".equals(policy)
          || (budget.healthy() >= budget.desired() && budget.desired() > 0)) {
        return allow();
      }
    } else if (budget.healthy() - 1 >= budget.desired()) {
      return allow();
    }
    String name = pdb.path("metadata").path("name").asText();
    ObjectNode status = failure(429, "TooManyRequests", VIOLATION);
    status
        .putObject("details")
        .putArray("causes")
        .addObject()
        .put("reason", "DisruptionBudget")
        .put(
            "message",
            "The disruption budget "
                + name
                + " needs "
                + budget.desired()
                + " healthy pods and has "
                + budget.healthy()
                + " currently");
    return new EvictionDecision(false, 429, status);
  }

  private static EvictionDecision allow() {
    ObjectNode status = JsonNodes.typed("Status", "v1");
    status.putObject("metadata");
    status.put("status", "Success").put("code", 201);
    return new EvictionDecision(true, 201, status);
  }

  private static ObjectNode failure(int code, String reason, String message) {
    ObjectNode status = JsonNodes.typed("Status", "v1");
    status.putObject("metadata");
    return status
        .put("status", "Failure")
        .put("message", message)
        .put("reason", reason)
        .put("code", code);
  }
}
