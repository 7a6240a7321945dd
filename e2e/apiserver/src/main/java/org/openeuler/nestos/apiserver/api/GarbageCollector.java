package org.openeuler.nestos.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.ResourceType;
import org.openeuler.nestos.apiserver.store.ObjectKey;
import org.openeuler.nestos.apiserver.store.ObjectStore;

/**
 * Owner-reference garbage collection, synchronous: when an owner is gone, every dependent none of
 * whose owners still exists is deleted (through the normal delete path, so its own finalizers are
 * honoured).
 */
final class GarbageCollector {

  private static final int REMEMBERED_OWNERS = 100_000;

  private final ObjectStore store;
  private final ResourceRegistry registry;
  private final ResourceService service;

  /**
   * Owners deleted lately: a dependent written afterwards naming only these is an orphan (kube's GC
   * deletes it).
   */
  private final Set<String> deletedOwners =
      java.util.Collections.newSetFromMap(
          new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED_OWNERS;
            }
          });

  GarbageCollector(ObjectStore store, ResourceRegistry registry, ResourceService service) {
    this.store = store;
    this.registry = registry;
    this.service = service;
  }

  /** Background propagation after {@code owner} was removed from the store. */
  void ownerRemoved(ObjectNode owner) {
    String uid = ObjectMeta.uid(owner);
    if (uid.isEmpty()) {
      return;
    }
    synchronized (deletedOwners) {
      deletedOwners.add(uid);
    }
    for (Map.Entry<ObjectKey, ObjectNode> entry : store.dependentsOf(uid)) {
      if (ObjectMeta.ownerUids(entry.getValue()).stream().noneMatch(store::uidExists)) {
        deleteQuietly(entry.getKey(), entry.getValue());
      }
    }
  }

  /**
   * A dependent written after all its owners were deleted (e.g. by a controller acting on a stale
   * cache) is collected at once, as kube's garbage collector would collect it shortly after.
   */
  void collectIfOrphaned(ObjectKey key, ObjectNode object) {
    java.util.List<String> owners = ObjectMeta.ownerUids(object);
    boolean orphaned;
    synchronized (deletedOwners) {
      orphaned = !owners.isEmpty() && deletedOwners.containsAll(owners);
    }
    if (orphaned && owners.stream().noneMatch(store::uidExists)) {
      deleteQuietly(key, object);
    }
  }

  /** Foreground propagation: dependents go before their owner. */
  void deleteDependents(String ownerUid) {
    for (Map.Entry<ObjectKey, ObjectNode> entry : store.dependentsOf(ownerUid)) {
      deleteQuietly(entry.getKey(), entry.getValue());
    }
  }

  /** Orphan propagation: dependents lose the owner reference and stay. */
  void orphanDependents(String ownerUid) {
    for (Map.Entry<ObjectKey, ObjectNode> entry : store.dependentsOf(ownerUid)) {
      ObjectNode dependent = entry.getValue();
      if (ObjectMeta.removeOwner(dependent, ownerUid)) {
        store.put(entry.getKey(), dependent);
      }
    }
  }

  private void deleteQuietly(ObjectKey key, ObjectNode dependent) {
    ResourceType type =
        registry
            .byKind(dependent.path("apiVersion").asText(), dependent.path("kind").asText())
            .orElse(null);
    if (type == null) {
      store.remove(key);
      return;
    }
    try {
      service.delete(
          type,
          key.namespace(),
          key.name(),
          null,
          new WriteOptions(false, "garbage-collector", WriteOptions.FieldValidation.IGNORE, false));
    } catch (ApiException alreadyGone) {
      // deleted concurrently: nothing to collect
    }
  }
}
