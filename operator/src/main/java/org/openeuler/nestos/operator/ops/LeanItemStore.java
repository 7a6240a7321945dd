package org.openeuler.nestos.operator.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.openeuler.nestos.api.v1alpha1.NodeState;

/**
 * An informer store that keeps the operator's many Node and NodeState caches small. It drops what
 * no reconciler reads before caching an object: {@code metadata.managedFields} (server-side apply
 * bookkeeping, a nested map per field manager, often the bulk of a small object), a Node's status
 * but its {@code Ready} condition (the kubelet's images, capacity, addresses, node info...) and a
 * Namespace's annotations (only its labels are read; {@code
 * kubectl.kubernetes.io/last-applied-configuration} can be large); objects are never written back
 * from a cache whole, so nothing is lost on the server. And since the renderer, the rollout and the
 * status reconcilers each run their own informers over every Node, NodeState and Namespace, the
 * stores share one instance per version (same uid and resourceVersion) instead of one deserialized
 * copy each. Cached objects are read-only, as JOSDK requires anyway.
 */
public final class LeanItemStore<R extends HasMetadata> implements ItemStore<R> {

  /**
   * The latest cached version of each Node, NodeState and Namespace, by uid, shared by every store.
   */
  private static final Map<String, HasMetadata> SHARED = new ConcurrentHashMap<>();

  private final BasicItemStore<R> delegate = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

  /**
   * The instance to cache for {@code object}: an equal version another store holds, else {@code
   * object}.
   */
  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> T shared(T object) {
    if (!(object instanceof Node || object instanceof NodeState || object instanceof Namespace)
        || object.getMetadata() == null) {
      return object;
    }
    String uid = object.getMetadata().getUid();
    String version = object.getMetadata().getResourceVersion();
    if (uid == null || version == null) {
      return object;
    }
    return (T)
        SHARED.compute(
            uid,
            (k, cached) ->
                cached != null
                        && cached.getClass() == object.getClass()
                        && version.equals(cached.getMetadata().getResourceVersion())
                    ? cached
                    : object);
  }

  /** Strips {@code object} in place (see the class comment) and returns it. */
  public static <T extends HasMetadata> T strip(T object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    if (object instanceof Node node && node.getStatus() != null) {
      node.setStatus(readyOnly(node.getStatus()));
    }
    if (object instanceof Namespace && object.getMetadata() != null) {
      object
          .getMetadata()
          .setAnnotations(Map.of()); // empty, not null: JOSDK's event handlers read annotations
    }
    return object;
  }

  /**
   * A Node status with only its {@code Ready} condition, all the operator reads of it: the rest
   * (the kubelet's images, capacity and allocatable, addresses, node info, volumes, the other
   * conditions) is most of a Node's size and is never read from a cache.
   */
  private static NodeStatus readyOnly(NodeStatus status) {
    NodeStatus lean = new NodeStatus();
    if (status.getConditions() != null) {
      lean.setConditions(
          status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).toList());
    }
    return lean;
  }

  @Override
  public String getKey(R object) {
    return delegate.getKey(object);
  }

  @Override
  public R put(String key, R object) {
    return delegate.put(key, shared(strip(object)));
  }

  @Override
  public R remove(String key) {
    R removed = delegate.remove(key);
    if (removed != null
        && removed.getMetadata() != null
        && removed.getMetadata().getUid() != null) {
      SHARED.remove(removed.getMetadata().getUid(), removed);
    }
    return removed;
  }

  @Override
  public Stream<String> keySet() {
    return delegate.keySet();
  }

  @Override
  public Stream<R> values() {
    return delegate.values();
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public R get(String key) {
    return delegate.get(key);
  }
}
