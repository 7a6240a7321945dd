package org.openeuler.nestos.apiserver.patch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merge semantics of the built-in kinds the test API server serves, mirroring the upstream Go
 * struct tags ({@code +listType}, {@code +listMapKey}, {@code patchStrategy}, {@code
 * patchMergeKey}, {@code +mapType}). Lists not in the table are atomic; maps not in the table are
 * granular.
 */
public final class BuiltinListSchemas {

  /** ObjectMeta rules, shared by every kind (also used for custom resources). */
  static final ListSchema METADATA = forKind("", "");

  private BuiltinListSchemas() {}

  /** Schema for a built-in kind; unknown kinds get the ObjectMeta rules only. */
  public static ListSchema forKind(String apiVersion, String kind) {
    Table t = new Table();
    t.list("metadata.ownerReferences", ListSchema.ListInfo.map("uid"));
    t.list("metadata.finalizers", ListSchema.ListInfo.SET);
    t.list("metadata.managedFields", ListSchema.ListInfo.ATOMIC);
    switch (kind == null ? "" : kind) {
      case "Pod" -> pod(t);
      case "Node" -> node(t);
      case "PodDisruptionBudget" -> {
        t.atomicMap("spec.selector");
        t.list("status.conditions", ListSchema.ListInfo.map("type"));
      }
      default -> {} // ConfigMap (data/binaryData granular), Lease, Event: defaults.
    }
    return t;
  }

  private static void pod(Table t) {
    for (String containers : List.of("spec.containers", "spec.initContainers")) {
      t.list(containers, ListSchema.ListInfo.map("name"));
      t.list(containers + ".env", ListSchema.ListInfo.map("name"));
      t.list(containers + ".ports", ListSchema.ListInfo.map("containerPort", "protocol"));
      t.patch(containers + ".ports", ListSchema.ListInfo.map("containerPort"));
      t.list(containers + ".volumeMounts", ListSchema.ListInfo.map("mountPath"));
    }
    t.list("spec.volumes", ListSchema.ListInfo.map("name"));
    t.list("spec.tolerations", ListSchema.ListInfo.ATOMIC);
    t.atomicMap("spec.nodeSelector");
    t.list("status.conditions", ListSchema.ListInfo.map("type"));
    t.list("status.containerStatuses", ListSchema.ListInfo.ATOMIC);
    t.list("status.initContainerStatuses", ListSchema.ListInfo.ATOMIC);
    t.list("status.podIPs", ListSchema.ListInfo.ATOMIC);
    t.patch("status.podIPs", ListSchema.ListInfo.map("ip"));
  }

  private static void node(Table t) {
    t.list("spec.taints", ListSchema.ListInfo.ATOMIC);
    t.list("spec.podCIDRs", ListSchema.ListInfo.SET);
    t.list("status.conditions", ListSchema.ListInfo.map("type"));
    // Upstream: +listType=atomic for apply, but patchMergeKey=type / patchStrategy=merge for SMP.
    t.list("status.addresses", ListSchema.ListInfo.ATOMIC);
    t.patch("status.addresses", ListSchema.ListInfo.map("type"));
  }

  /** A path-keyed lookup table. */
  private static final class Table implements ListSchema {
    private final Map<String, ListInfo> lists = new HashMap<>();
    private final Map<String, ListInfo> patch = new HashMap<>();
    private final Set<String> atomicMaps = new java.util.HashSet<>();

    void list(String path, ListInfo info) {
      lists.put(path, info);
    }

    void patch(String path, ListInfo info) {
      patch.put(path, info);
    }

    void atomicMap(String path) {
      atomicMaps.add(path);
    }

    @Override
    public ListInfo list(List<String> path) {
      return lists.getOrDefault(String.join(".", path), ListInfo.ATOMIC);
    }

    @Override
    public ListInfo patchStrategy(List<String> path) {
      String key = String.join(".", path);
      ListInfo info = patch.get(key);
      return info != null ? info : lists.getOrDefault(key, ListInfo.ATOMIC);
    }

    @Override
    public MapType mapType(List<String> path) {
      return atomicMaps.contains(String.join(".", path)) ? MapType.ATOMIC : MapType.GRANULAR;
    }
  }
}
