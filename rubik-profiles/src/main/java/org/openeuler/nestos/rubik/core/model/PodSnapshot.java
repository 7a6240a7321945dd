package org.openeuler.nestos.rubik.core.model;

import java.util.List;
import java.util.Map;

/**
 * A pod on the node, reduced to what QoS planning needs (the daemon builds it from its pod watch).
 *
 * @param uid {@code metadata.uid}
 * @param namespace namespace
 * @param name name
 * @param qosClass {@code status.qosClass}
 * @param labels labels (never null)
 * @param annotations annotations (never null)
 * @param containers containers in spec order
 * @param phase {@code status.phase}, e.g. {@code Running}
 * @param priorityClassName {@code spec.priorityClassName}, or null
 * @param priority {@code spec.priority} (resolved by admission from the class), or null
 */
public record PodSnapshot(
    String uid,
    String namespace,
    String name,
    QosClass qosClass,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<ContainerSnapshot> containers,
    String phase,
    String priorityClassName,
    Integer priority) {

  /**
   * Annotation the kubelet sets on static pods; their cgroup is named after it instead of the uid.
   */
  public static final String CONFIG_HASH = "kubernetes.io/config.hash";

  /** A pod without priority. */
  public PodSnapshot(
      String uid,
      String namespace,
      String name,
      QosClass qosClass,
      Map<String, String> labels,
      Map<String, String> annotations,
      List<ContainerSnapshot> containers,
      String phase) {
    this(uid, namespace, name, qosClass, labels, annotations, containers, phase, null, null);
  }

  public PodSnapshot {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    containers = containers == null ? List.of() : List.copyOf(containers);
  }

  /**
   * The id of the pod's cgroup: the static pod config hash when set (rubik {@code rawpod.go
   * CgroupPath}), else uid.
   */
  public String cgroupId() {
    String hash = annotations.get(CONFIG_HASH);
    return hash == null || hash.isEmpty() ? uid : hash;
  }

  /** {@code namespace/name}, for messages and field paths. */
  public String key() {
    return namespace + "/" + name;
  }
}
