package org.openeuler.nestos.rubik.core.plan;

import java.util.List;
import org.openeuler.nestos.api.v1alpha1.PodRef;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.rubik.core.classify.Classification;

/** Outcome of one planning pass: a complete plan, a list of errors (no plan), or a refusal. */
public sealed interface QosPlan {

  /**
   * A complete plan.
   *
   * @param writes values to write, in safe order (per pod: CPU, memory, burst, IO; pod before
   *     containers, except burst: containers first, then the pod's sum, as rubik's {@code
   *     quotaburst.go} does)
   * @param restores files an earlier plan wrote and this one no longer wants, to put back to their
   *     checkpointed originals (reverse order of the earlier writes)
   * @param backends one backend per enabled feature (native features only)
   * @param pods the classification of every pod considered
   * @param prerequisites kernel prerequisites of the enabled features on this node
   * @param missingPrerequisites those not satisfied on this node
   * @param restartRequired pods moved offline -> online whose {@code *.qos_level} the kernel cannot
   *     raise
   * @param departedPods cgroup ids of pods with applied writes that are gone (their checkpoints can
   *     be dropped)
   */
  record Ready(
      List<CgroupWrite> writes,
      List<CgroupRestore> restores,
      List<BackendChoice> backends,
      List<Classification> pods,
      List<Prerequisite> prerequisites,
      List<Prerequisite> missingPrerequisites,
      List<PodRef> restartRequired,
      List<String> departedPods)
      implements QosPlan {

    /** The node's status summary (lists capped at the CRD's bounds). */
    public RubikSummary toSummary() {
      int offline = (int) pods.stream().filter(Classification::offline).count();
      return new RubikSummary(
          backends.stream().limit(16).map(BackendChoice::toApi).toList(),
          pods.size() - offline,
          offline,
          missingPrerequisites.stream().map(Prerequisite::display).distinct().limit(32).toList(),
          restartRequired.stream().limit(64).toList());
    }
  }

  /** Invalid input: nothing may be written. */
  record Invalid(List<FieldError> errors) implements QosPlan {}

  /**
   * rubik's own agent runs on the node: Native mode writes nothing (reason {@code
   * ConflictingAgent}).
   */
  record ConflictingAgent(String message) implements QosPlan {}
}
