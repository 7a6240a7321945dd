package org.openeuler.nestos.operator.rollout;

import java.util.List;
import org.openeuler.nestos.apiserver.replay.ReplayDiff.Allowance;

/**
 * The known differences between the stand-in (e2e/apiserver) and the real kube-apiserver that
 * {@link StandInReplayKubeIT} tolerates, each with its reason. Keep in step with the table in
 * docs/standin-divergences.md (same ids).
 */
final class StandInDivergences {

  private StandInDivergences() {}

  private static final String ANY = ".*";

  static final List<Allowance> ALLOWED =
      List.of(
          Allowance.of(
              "managed-fields",
              ANY,
              ".*/metadata/managedFields.*",
              ANY,
              "the stand-in tracks field ownership for apply conflicts, not the exact fieldsV1 shape"
                  + " ('.' markers, list-item keys) nor the real entry order"),
          Allowance.of(
              "rules-review",
              "create selfsubjectrulesreviews",
              ANY,
              ANY,
              "the stand-in has no RBAC: every caller may do everything ('*')"),
          Allowance.of(
              "node-defaults",
              "(create|get|list|patch\\(\\w+\\)) nodes(/status)?",
              "(/items\\[[^\\]]*\\])?/(spec/taints|status|status/(daemonEndpoints|nodeInfo)"
                  + "|status/conditions/\\d+/lastHeartbeatTime)",
              ANY,
              "Node admission (TaintNodesByCondition adds the not-ready taint) and Node status"
                  + " defaults are kubelet-world details the stand-in does not model"),
          Allowance.of(
              "event-defaults",
              "create events",
              "/(eventTime|firstTimestamp|lastTimestamp|reportingComponent|reportingInstance)",
              ANY,
              "core/v1 Event times are stored at second precision and empty reporting fields"
                  + " defaulted by the real server; the stand-in keeps what the client sent"),
          Allowance.of(
              "crd-validation-causes",
              "create osversions",
              "/details/causes/\\*/field",
              ANY,
              "x-kubernetes-validations (CEL) errors carry no field on the real server; the"
                  + " differential admission test owns validator fidelity"),
          Allowance.of(
              "apply-conflict-details",
              "patch\\(apply\\) configmaps",
              "/details/(name|kind)",
              ANY,
              "the real apply conflict Status has no details.name/kind"),
          Allowance.of(
              "apply-unknown-field",
              "patch\\(apply\\) osversions",
              "",
              "200\\s*-> 500.*",
              "server-side apply of a field the CRD schema does not declare: the real server"
                  + " fails (500), the stand-in accepts"),
          Allowance.of(
              "selector-syntax",
              "list configmaps",
              "",
              "200\\s*-> 400 BadRequest",
              "the stand-in accepts a malformed label selector ('bad selector ===')"),
          Allowance.of(
              "pagination",
              "list configmaps",
              "/metadata/(continue|remainingItemCount)|/items\\[.*\\]",
              ANY,
              "the stand-in ignores limit/continue and returns the whole list"),
          Allowance.of(
              "delete-response",
              "delete configmaps",
              ANY,
              ANY,
              "DELETE of a ConfigMap answers a Success Status on the real server, the deleted"
                  + " object on the stand-in; precondition failures name the Kind, not the"
                  + " resource"),
          Allowance.of(
              "pod-defaults",
              "create pods",
              "/spec/.*|/status",
              ANY,
              "Pod defaulting and admission (service account token volume, tolerations,"
                  + " scheduler, QoS) are not modelled"),
          Allowance.of(
              "pdb-status",
              "(create|get) poddisruptionbudgets",
              "/status",
              ANY,
              "the real disruption controller writes PDB status; the stand-in computes"
                  + " eviction decisions on the fly and never writes it"),
          Allowance.of(
              "graceful-pod-deletion",
              "get pods",
              "",
              "404 NotFound\\s*-> 200\\s*",
              "an evicted Pod bound to a node stays (deletionTimestamp set) until its kubelet"
                  + " confirms; there is no kubelet, and the stand-in deletes at once"));
}
