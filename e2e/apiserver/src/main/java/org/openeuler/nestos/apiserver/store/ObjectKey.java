package org.openeuler.nestos.apiserver.store;

import java.util.Comparator;

/**
 * Where an object lives: API group ("" for core), resource plural, namespace ("" when
 * cluster-scoped), name.
 */
public record ObjectKey(String group, String plural, String namespace, String name)
    implements Comparable<ObjectKey> {

  private static final Comparator<ObjectKey> ORDER =
      Comparator.comparing(ObjectKey::group)
          .thenComparing(ObjectKey::plural)
          .thenComparing(ObjectKey::namespace)
          .thenComparing(ObjectKey::name);

  public ObjectKey {
    namespace = namespace == null ? "" : namespace;
  }

  /**
   * True when this key belongs to the collection {@code group/plural}, optionally restricted to one
   * namespace.
   */
  public boolean inCollection(String group, String plural, String namespaceOrNull) {
    return this.group.equals(group)
        && this.plural.equals(plural)
        && (namespaceOrNull == null
            || namespaceOrNull.isEmpty()
            || this.namespace.equals(namespaceOrNull));
  }

  @Override
  public int compareTo(ObjectKey other) {
    return ORDER.compare(this, other);
  }
}
