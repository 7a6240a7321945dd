package org.openeuler.nestos.operator.drain;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.Taints;

/**
 * Cordons a node for one revision and uncordons only what it cordoned: the {@code cordoned-for}
 * annotation marks our cordon; a node that was already unschedulable without it was cordoned by
 * someone else and is never uncordoned by us. Cordoning also sets the {@code
 * updating:PreferNoSchedule} taint and tells cluster autoscalers not to scale the node down. One
 * PATCH each way.
 */
public final class NodeCordon {

  private final KubernetesClient client;

  public NodeCordon(KubernetesClient client) {
    this.client = client;
  }

  /** The revision {@code node} is cordoned for by us ({@code cordoned-for}), or null. */
  public static String cordonedFor(Node node) {
    return node.getMetadata().getAnnotations() == null
        ? null
        : node.getMetadata().getAnnotations().get(Annotations.CORDONED_FOR);
  }

  /**
   * Cordons {@code node} for {@code revision}.
   *
   * @return false when the node was already cordoned by someone else (then nothing is changed)
   */
  public boolean cordon(Node node, String revision) {
    boolean ours =
        node.getMetadata().getAnnotations() != null
            && node.getMetadata().getAnnotations().containsKey(Annotations.CORDONED_FOR);
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()) && !ours) {
      return false;
    }
    client
        .nodes()
        .withName(node.getMetadata().getName())
        .edit(
            n -> {
              if (n.getSpec() == null) {
                n.setSpec(new NodeSpec());
              }
              n.getSpec().setUnschedulable(true);
              Map<String, String> annotations =
                  new HashMap<>(
                      n.getMetadata().getAnnotations() == null
                          ? Map.of()
                          : n.getMetadata().getAnnotations());
              annotations.put(Annotations.CORDONED_FOR, revision);
              annotations.put(Annotations.AUTOSCALER_SCALE_DOWN_DISABLED, "true");
              n.getMetadata().setAnnotations(annotations);
              List<Taint> taints =
                  new ArrayList<>(
                      n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
              if (taints.stream().noneMatch(t -> Taints.UPDATING.equals(t.getKey()))) {
                taints.add(
                    new TaintBuilder()
                        .withKey(Taints.UPDATING)
                        .withEffect(Taints.UPDATING_EFFECT)
                        .build());
              }
              n.getSpec().setTaints(taints);
              return n;
            });
    return true;
  }

  /** Undoes our cordon; a node we did not cordon is left alone. @return whether anything changed */
  public boolean uncordon(String nodeName) {
    Node node = client.nodes().withName(nodeName).get();
    if (node == null
        || node.getMetadata().getAnnotations() == null
        || !node.getMetadata().getAnnotations().containsKey(Annotations.CORDONED_FOR)) {
      return false;
    }
    client
        .nodes()
        .withName(nodeName)
        .edit(
            n -> {
              n.getSpec().setUnschedulable(null);
              Map<String, String> annotations = new HashMap<>(n.getMetadata().getAnnotations());
              annotations.remove(Annotations.CORDONED_FOR);
              annotations.remove(Annotations.AUTOSCALER_SCALE_DOWN_DISABLED);
              n.getMetadata().setAnnotations(annotations);
              if (n.getSpec().getTaints() != null) {
                n.getSpec()
                    .setTaints(
                        n.getSpec().getTaints().stream()
                            .filter(t -> !Taints.UPDATING.equals(t.getKey()))
                            .toList());
              }
              return n;
            });
    return true;
  }
}
