package org.openeuler.nestos.operator.drain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
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
 * PATCH each way: a JSON patch computed from the node as read (the cordon: tested on its
 * resourceVersion; the uncordon of a node the cache shows cordoned by us: tested on the fields it
 * changes), else read + edit when the node changed since.
 */
public final class NodeCordon {

  private static final int HTTP_NOT_FOUND = 404;
  private static final int HTTP_CONFLICT = 409;
  private static final int HTTP_UNPROCESSABLE = 422;

  private final KubernetesClient client;

  public NodeCordon(KubernetesClient client) {
    this.client = client;
  }

  /** Unschedulable without our {@code cordoned-for} annotation: an admin's or another tool's. */
  static boolean cordonedByOthers(Node node) {
    boolean ours =
        node.getMetadata().getAnnotations() != null
            && node.getMetadata().getAnnotations().containsKey(Annotations.CORDONED_FOR);
    return node.getSpec() != null
        && Boolean.TRUE.equals(node.getSpec().getUnschedulable())
        && !ours;
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
    if (cordonedByOthers(node)) {
      return false;
    }
    String patch = cordonPatch(node, revision);
    if (patch != null) {
      try {
        client.nodes().resource(node).patch(PatchContext.of(PatchType.JSON), patch);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HTTP_UNPROCESSABLE && e.getCode() != HTTP_CONFLICT) {
          throw e;
        }
        // the node changed since it was read (or cached): read it again and edit it, unless
        // someone else cordoned it meanwhile
        Node fresh = client.nodes().withName(node.getMetadata().getName()).get();
        if (fresh == null) {
          throw new KubernetesClientException(
              "node " + node.getMetadata().getName() + " not found", HTTP_NOT_FOUND, null);
        }
        if (cordonedByOthers(fresh)) {
          return false;
        }
      }
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

  /**
   * Undoes our cordon in one request when {@code cached} (the informer's copy, may be behind) shows
   * it: a JSON patch whose {@code test} operations check the cordon annotation, {@code
   * unschedulable} and the taint's position, so the API server applies it only to the node as
   * cached in these fields. When the cache shows no cordon of ours or the server refuses a test
   * (the cache was behind), it reads the node and edits it ({@link #uncordon(String)}).
   *
   * @return whether anything changed
   */
  public boolean uncordon(String nodeName, Node cached) {
    String patch = cached == null ? null : uncordonPatch(cached);
    if (patch != null) {
      try {
        // on the cached item: fabric8 reads the node first when patching by name
        client.nodes().resource(cached).patch(PatchContext.of(PatchType.JSON), patch);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HTTP_NOT_FOUND) {
          return false;
        }
        if (e.getCode() != HTTP_UNPROCESSABLE && e.getCode() != HTTP_CONFLICT) {
          throw e;
        }
        // a test failed: the node changed since the cache saw it
      }
    }
    return uncordon(nodeName);
  }

  /**
   * The JSON patch that undoes our cordon of {@code node} as it is, with a {@code test} before each
   * change; null when {@code node} shows no cordon of ours or is not unschedulable (pure).
   */
  public static String uncordonPatch(Node node) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    String revision = annotations == null ? null : annotations.get(Annotations.CORDONED_FOR);
    if (revision == null
        || node.getSpec() == null
        || !Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return null;
    }
    ArrayNode ops = Serialization.jsonMapper().createArrayNode();
    String cordonedFor = "/metadata/annotations/" + pointerToken(Annotations.CORDONED_FOR);
    op(ops, "test", cordonedFor).put("value", revision);
    op(ops, "remove", cordonedFor);
    if (annotations.containsKey(Annotations.AUTOSCALER_SCALE_DOWN_DISABLED)) {
      op(
          ops,
          "remove",
          "/metadata/annotations/" + pointerToken(Annotations.AUTOSCALER_SCALE_DOWN_DISABLED));
    }
    op(ops, "test", "/spec/unschedulable").put("value", true);
    op(ops, "remove", "/spec/unschedulable");
    List<Taint> taints = node.getSpec().getTaints();
    if (taints != null) {
      // from the last: removing one does not move those before it
      for (int i = taints.size() - 1; i >= 0; i--) {
        if (Taints.UPDATING.equals(taints.get(i).getKey())) {
          op(ops, "test", "/spec/taints/" + i + "/key").put("value", Taints.UPDATING);
          op(ops, "remove", "/spec/taints/" + i);
        }
      }
    }
    return ops.toString();
  }

  private static ObjectNode op(ArrayNode ops, String op, String path) {
    ObjectNode o = ops.addObject();
    o.put("op", op);
    o.put("path", path);
    return o;
  }

  /**
   * The JSON patch that cordons {@code node} for {@code revision} as it is: a {@code test} of its
   * resourceVersion first, so the API server applies it only to that version (the ops below are
   * computed from it); null when {@code node} carries no resourceVersion or spec (pure).
   */
  public static String cordonPatch(Node node, String revision) {
    String version = node.getMetadata().getResourceVersion();
    if (version == null || node.getSpec() == null) {
      return null;
    }
    ArrayNode ops = Serialization.jsonMapper().createArrayNode();
    op(ops, "test", "/metadata/resourceVersion").put("value", version);
    // fabric8 reads a missing map as an empty one: either way, the whole map is added
    if (node.getMetadata().getAnnotations() == null
        || node.getMetadata().getAnnotations().isEmpty()) {
      ObjectNode annotations = op(ops, "add", "/metadata/annotations").putObject("value");
      annotations.put(Annotations.CORDONED_FOR, revision);
      annotations.put(Annotations.AUTOSCALER_SCALE_DOWN_DISABLED, "true");
    } else {
      op(ops, "add", "/metadata/annotations/" + pointerToken(Annotations.CORDONED_FOR))
          .put("value", revision);
      op(
              ops,
              "add",
              "/metadata/annotations/" + pointerToken(Annotations.AUTOSCALER_SCALE_DOWN_DISABLED))
          .put("value", "true");
    }
    op(ops, "add", "/spec/unschedulable").put("value", true);
    List<Taint> taints = node.getSpec().getTaints();
    if (taints == null || taints.stream().noneMatch(t -> Taints.UPDATING.equals(t.getKey()))) {
      ObjectNode taint = Serialization.jsonMapper().createObjectNode();
      taint.put("key", Taints.UPDATING);
      taint.put("effect", Taints.UPDATING_EFFECT);
      if (taints == null || taints.isEmpty()) {
        op(ops, "add", "/spec/taints").putArray("value").add(taint);
      } else {
        op(ops, "add", "/spec/taints/-").set("value", taint);
      }
    }
    return ops.toString();
  }

  /** A JSON pointer token (RFC 6901: {@code ~} as {@code ~0}, {@code /} as {@code ~1}). */
  static String pointerToken(String key) {
    return key.replace("~", "~0").replace("/", "~1");
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
