package org.openeuler.nestos.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.ResourceType;
import org.openeuler.nestos.apiserver.store.ObjectKey;
import org.openeuler.nestos.apiserver.store.ObjectStore;

/**
 * Owner-reference garbage collection, synchronous: when an owner is gone, every dependent none of whose owners
 * still exists is deleted (through the normal delete path, so its own finalizers are honoured).
 */
final class GarbageCollector {

  private final ObjectStore store;
  private final ResourceRegistry registry;
  private final ResourceService service;

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
    for (Map.Entry<ObjectKey, ObjectNode> entry : store.dependentsOf(uid)) {
      if (ObjectMeta.ownerUids(entry.getValue()).stream().noneMatch(store::uidExists)) {
        deleteQuietly(entry.getKey(), entry.getValue());
      }
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
    ResourceType type = registry.byKind(dependent.path("apiVersion").asText(), dependent.path("kind").asText())
        .orElse(null);
    if (type == null) {
      store.remove(key);
      return;
    }
    try {
      service.delete(type, key.namespace(), key.name(), null, new WriteOptions(false, "garbage-collector",
          WriteOptions.FieldValidation.IGNORE, false));
    } catch (ApiException alreadyGone) {
      // deleted concurrently: nothing to collect
    }
  }
}
