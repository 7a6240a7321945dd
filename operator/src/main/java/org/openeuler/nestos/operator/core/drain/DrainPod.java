package org.openeuler.nestos.operator.core.drain;

import java.util.List;
import java.util.Map;

/**
 * What the drain decision needs to know about one pod on the node.
 *
 * @param controllerKinds kinds of the owner references marked {@code controller: true} (e.g.
 *     ReplicaSet, DaemonSet)
 * @param mirror whether it is a static pod's mirror ({@code kubernetes.io/config.mirror}
 *     annotation)
 * @param usesEmptyDir whether it mounts an {@code emptyDir} volume (its data is lost on eviction)
 * @param phase {@code status.phase}
 */
public record DrainPod(
    String namespace,
    String name,
    Map<String, String> labels,
    List<String> controllerKinds,
    boolean mirror,
    boolean usesEmptyDir,
    String phase) {

  public DrainPod {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    controllerKinds = controllerKinds == null ? List.of() : List.copyOf(controllerKinds);
  }

  public String key() {
    return namespace + "/" + name;
  }
}
