package org.openeuler.nestos.rubik.core.classify;

/**
 * Whether a pod is offline, and why.
 *
 * @param podUid the pod's uid
 * @param namespace namespace
 * @param name name
 * @param offline true when the pod yields resources
 * @param reason the rule that decided
 */
public record Classification(
    String podUid, String namespace, String name, boolean offline, Reason reason) {

  /** The deciding rule, in evaluation order. */
  public enum Reason {
    /** Guaranteed pods are never offline (and never touched). */
    GUARANTEED,
    /**
     * A system pod ({@link SystemPods}): never offline unless the policy sets {@code
     * offline.includeSystemPods}.
     */
    SYSTEM_POD,
    /** {@code volcano.sh/preemptable: "true"} annotation (rubik's marker). */
    PREEMPTABLE_ANNOTATION,
    /** {@code volcano.sh/preemptable: "true"} label (rubik's marker). */
    PREEMPTABLE_LABEL,
    /**
     * {@code volcano.sh/preemptable: "false"} annotation: an explicit opt-out that beats the
     * policy's selectors.
     */
    EXPLICITLY_ONLINE,
    /** The policy's {@code offline.podSelector} matched. */
    POD_SELECTOR,
    /** The policy's {@code offline.namespaceSelector} matched the pod's namespace. */
    NAMESPACE_SELECTOR,
    /** Nothing marks the pod offline. */
    ONLINE
  }
}
