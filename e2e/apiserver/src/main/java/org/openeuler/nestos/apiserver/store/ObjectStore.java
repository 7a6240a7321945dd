package org.openeuler.nestos.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The in-memory object store: one global resourceVersion sequence like etcd's revision, a bounded
 * event history so watches can resume from a resourceVersion (older ones get 410 Gone), and
 * watchers notified in commit order.
 *
 * <p>It stores whatever it is given; API semantics (generation, finalizers, admission, managed
 * fields) live in the layer above. Objects handed in are owned by the store afterwards; objects
 * handed out are copies.
 */
public final class ObjectStore {

  private final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<ObjectKey, ObjectNode> objects = new TreeMap<>();
  private final Deque<WatchEvent> history = new ArrayDeque<>();
  private final int historyLimit;
  private final List<Registration> watchers = new CopyOnWriteArrayList<>();

  /**
   * uid -> key, and owner uid -> dependents' keys: garbage collection without scanning the store.
   */
  private final Map<String, ObjectKey> byUid = new HashMap<>();

  private final Map<String, Set<ObjectKey>> dependents = new HashMap<>();
  private long resourceVersion = 1;

  public ObjectStore(int historyLimit) {
    this.historyLimit = historyLimit;
  }

  public ObjectStore() {
    this(50_000);
  }

  /**
   * Runs {@code work} atomically with respect to every other store operation (read-modify-write).
   */
  public <T> T atomically(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  public Optional<ObjectNode> get(ObjectKey key) {
    return atomically(() -> Optional.ofNullable(objects.get(key)).map(ObjectNode::deepCopy));
  }

  /** The current resourceVersion of the whole store (what a list reports). */
  public long currentResourceVersion() {
    return atomically(() -> resourceVersion);
  }

  /** Lists one collection in key order, with the store's resourceVersion at that instant. */
  public Listing list(String group, String plural, String namespaceOrNull, ObjectFilter filter) {
    return atomically(
        () -> {
          List<ObjectNode> items = new ArrayList<>();
          for (Map.Entry<ObjectKey, ObjectNode> e : collection(group, plural).entrySet()) {
            if (e.getKey().inCollection(group, plural, namespaceOrNull)
                && filter.matches(e.getKey(), e.getValue())) {
              items.add(e.getValue().deepCopy());
            }
          }
          return new Listing(items, resourceVersion);
        });
  }

  /** Whether an object with this uid exists (owner-reference checks). */
  public boolean uidExists(String uid) {
    return atomically(() -> byUid.containsKey(uid));
  }

  /** Copies of the objects whose ownerReferences name {@code ownerUid}. */
  public List<Map.Entry<ObjectKey, ObjectNode>> dependentsOf(String ownerUid) {
    return atomically(
        () ->
            dependents.getOrDefault(ownerUid, Set.of()).stream()
                .filter(objects::containsKey)
                .map(k -> Map.entry(k, objects.get(k).deepCopy()))
                .toList());
  }

  /**
   * Stores a new or changed object, stamping the next resourceVersion into it. Returns a copy of
   * what is stored.
   */
  public ObjectNode put(ObjectKey key, ObjectNode object) {
    return atomically(
        () -> {
          long rv = ++resourceVersion;
          object.withObject("metadata").put("resourceVersion", Long.toString(rv));
          ObjectNode previous = objects.put(key, object);
          unindex(key, previous);
          index(key, object);
          publish(
              new WatchEvent(
                  previous == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED,
                  key,
                  object,
                  previous,
                  rv));
          return object.deepCopy();
        });
  }

  /** Removes an object; the DELETED event carries its final state with a new resourceVersion. */
  public Optional<ObjectNode> remove(ObjectKey key) {
    return atomically(
        () -> {
          ObjectNode previous = objects.remove(key);
          if (previous == null) {
            return Optional.empty();
          }
          unindex(key, previous);
          long rv = ++resourceVersion;
          ObjectNode last = previous.deepCopy();
          last.withObject("metadata").put("resourceVersion", Long.toString(rv));
          publish(new WatchEvent(WatchEvent.Type.DELETED, key, last, previous, rv));
          return Optional.of(last.deepCopy());
        });
  }

  /**
   * Starts a watch on one collection. With {@code sinceResourceVersion} 0 the current matching
   * objects are sent first as ADDED (kube semantics for an unset/"0" resourceVersion); otherwise
   * the retained history after it is replayed, or {@link WatchSink#onExpired} is called when that
   * history is gone.
   */
  public Runnable watch(
      String group,
      String plural,
      String namespaceOrNull,
      ObjectFilter filter,
      long sinceResourceVersion,
      WatchSink sink) {
    return atomically(
        () -> {
          Registration registration =
              new Registration(group, plural, namespaceOrNull, filter, sink);
          if (sinceResourceVersion <= 0) {
            for (Map.Entry<ObjectKey, ObjectNode> e : collection(group, plural).entrySet()) {
              if (registration.inScope(e.getKey()) && filter.matches(e.getKey(), e.getValue())) {
                sink.onEvent(WatchEvent.Type.ADDED, e.getValue().deepCopy());
              }
            }
          } else {
            long oldest =
                history.isEmpty() ? resourceVersion : history.peekFirst().resourceVersion();
            if (sinceResourceVersion < oldest - 1 && history.size() >= historyLimit) {
              sink.onExpired(oldest);
              return () -> {};
            }
            for (WatchEvent event : history) {
              if (event.resourceVersion() > sinceResourceVersion) {
                registration.deliver(event);
              }
            }
          }
          watchers.add(registration);
          return () -> watchers.remove(registration);
        });
  }

  public int watcherCount() {
    return watchers.size();
  }

  private Map<ObjectKey, ObjectNode> collection(String group, String plural) {
    return objects.subMap(
        new ObjectKey(group, plural, "", ""),
        true,
        new ObjectKey(group, plural + "\0", "", ""),
        false);
  }

  private void index(ObjectKey key, ObjectNode object) {
    String uid = object.path("metadata").path("uid").asText("");
    if (!uid.isEmpty()) {
      byUid.put(uid, key);
    }
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      dependents.computeIfAbsent(ref.path("uid").asText(), u -> new HashSet<>()).add(key);
    }
  }

  private void unindex(ObjectKey key, ObjectNode object) {
    if (object == null) {
      return;
    }
    byUid.remove(object.path("metadata").path("uid").asText(""), key);
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      Set<ObjectKey> keys = dependents.get(ref.path("uid").asText());
      if (keys != null && keys.remove(key) && keys.isEmpty()) {
        dependents.remove(ref.path("uid").asText());
      }
    }
  }

  private void publish(WatchEvent event) {
    history.addLast(event);
    while (history.size() > historyLimit) {
      history.removeFirst();
    }
    for (Registration watcher : watchers) {
      watcher.deliver(event);
    }
  }

  /** A list result: copies of the items and the store revision they are consistent with. */
  public record Listing(List<ObjectNode> items, long resourceVersion) {}

  private record Registration(
      String group, String plural, String namespace, ObjectFilter filter, WatchSink sink) {

    boolean inScope(ObjectKey key) {
      return key.inCollection(group, plural, namespace);
    }

    /**
     * Selector-aware delivery: an object that starts matching is ADDED, one that stops matching is
     * DELETED.
     */
    void deliver(WatchEvent event) {
      if (!inScope(event.key())) {
        return;
      }
      boolean now =
          event.type() != WatchEvent.Type.DELETED && filter.matches(event.key(), event.object());
      boolean before = event.previous() != null && filter.matches(event.key(), event.previous());
      if (event.type() == WatchEvent.Type.DELETED) {
        if (before) {
          sink.onEvent(WatchEvent.Type.DELETED, event.object().deepCopy());
        }
      } else if (now && before) {
        sink.onEvent(WatchEvent.Type.MODIFIED, event.object().deepCopy());
      } else if (now) {
        sink.onEvent(WatchEvent.Type.ADDED, event.object().deepCopy());
      } else if (before) {
        sink.onEvent(WatchEvent.Type.DELETED, event.object().deepCopy());
      }
    }
  }
}
