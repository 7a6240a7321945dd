package org.openeuler.nestos.rubik.core.classify;

import java.util.Set;
import java.util.TreeSet;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;

/**
 * Which pods are system pods, never offline unless the policy sets {@code
 * offline.includeSystemPods}: pods in the cluster's system namespaces (and the operator's own), and
 * pods with a system-critical priority (the kubelet's {@code IsCriticalPod} threshold).
 *
 * @param namespaces the protected namespaces (always including {@link #DEFAULT_NAMESPACES})
 */
public record SystemPods(Set<String> namespaces) {

  /** Namespaces the cluster itself runs in. */
  public static final Set<String> DEFAULT_NAMESPACES =
      Set.of("kube-system", "kube-public", "kube-node-lease");

  /** The built-in priority classes of cluster- and node-critical pods. */
  public static final Set<String> CRITICAL_PRIORITY_CLASSES =
      Set.of("system-cluster-critical", "system-node-critical");

  /** {@code scheduling.SystemCriticalPriority}: priorities at or above it are system-critical. */
  public static final int SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

  public SystemPods {
    Set<String> all = new TreeSet<>(DEFAULT_NAMESPACES);
    if (namespaces != null) {
      namespaces.stream().filter(n -> n != null && !n.isEmpty()).forEach(all::add);
    }
    namespaces = Set.copyOf(all);
  }

  /** The default namespaces only. */
  public static SystemPods defaults() {
    return new SystemPods(Set.of());
  }

  /** Whether {@code pod} is a system pod. */
  public boolean contains(PodSnapshot pod) {
    return namespaces.contains(pod.namespace())
        || (pod.priorityClassName() != null
            && CRITICAL_PRIORITY_CLASSES.contains(pod.priorityClassName()))
        || (pod.priority() != null && pod.priority() >= SYSTEM_CRITICAL_PRIORITY);
  }
}
