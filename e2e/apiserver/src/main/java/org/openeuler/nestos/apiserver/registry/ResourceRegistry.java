package org.openeuler.nestos.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resource types the test API server serves: the built-ins plus every served version of every
 * registered CRD. Thread-safe; iteration order is registration order (built-ins first), which
 * discovery keeps.
 */
public final class ResourceRegistry {

  private final Map<String, ResourceType> types = new LinkedHashMap<>();
  private final Map<String, List<String>> keysByCrd = new LinkedHashMap<>();

  /**
   * A registry holding only the built-in types (core/v1, apps/v1, policy/v1, leases, CRDs, auth
   * reviews ...).
   */
  public static ResourceRegistry withBuiltins() {
    ResourceRegistry registry = new ResourceRegistry();
    Builtins.all().forEach(registry::put);
    return registry;
  }

  /** An empty registry (tests). */
  public static ResourceRegistry empty() {
    return new ResourceRegistry();
  }

  /**
   * Registers (or replaces) every served version of a CustomResourceDefinition; called at start-up
   * for the project CRDs and whenever a CRD object is created or updated through the API.
   */
  public synchronized void addCrd(JsonNode crd) {
    List<ResourceType> crdTypes = CrdTypes.of(crd);
    String name = CrdTypes.name(crd);
    removeCrd(name);
    List<String> keys = new ArrayList<>();
    for (ResourceType type : crdTypes) {
      put(type);
      keys.add(key(type.group(), type.version(), type.plural()));
    }
    keysByCrd.put(name, keys);
  }

  /**
   * Forgets every version of the CRD called {@code crdName} ({@code <plural>.<group>}); no-op if
   * unknown.
   */
  public synchronized void removeCrd(String crdName) {
    List<String> keys = keysByCrd.remove(crdName);
    if (keys != null) {
      keys.forEach(types::remove);
    }
  }

  public synchronized Optional<ResourceType> find(String group, String version, String plural) {
    return Optional.ofNullable(types.get(key(group, version, plural)));
  }

  /**
   * The type whose kind is {@code kind} in {@code apiVersion} ({@code v1} or {@code
   * group/version}).
   */
  public synchronized Optional<ResourceType> byKind(String apiVersion, String kind) {
    return types.values().stream()
        .filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
        .findFirst();
  }

  /**
   * Resolves a name the way {@code kubectl get NAME} does: plural, singular, short name or kind
   * (case-insensitive), optionally qualified as {@code name.group}; the preferred version wins.
   */
  public synchronized Optional<ResourceType> resolve(String name) {
    int dot = name.indexOf('.');
    String bare = dot < 0 ? name : name.substring(0, dot);
    String group = dot < 0 ? null : name.substring(dot + 1);
    return types.values().stream()
        .filter(t -> t.answersTo(bare) && (group == null || t.group().equals(group)))
        .min(Comparator.comparing(ResourceType::version, KubeVersions.PREFERRED_FIRST));
  }

  public synchronized List<ResourceType> all() {
    return List.copyOf(types.values());
  }

  /** API groups in registration order ({@code ""} = core). */
  public synchronized List<String> groups() {
    LinkedHashSet<String> groups = new LinkedHashSet<>();
    types.values().forEach(t -> groups.add(t.group()));
    return List.copyOf(groups);
  }

  /**
   * Versions served for {@code group}, preferred first (kube version priority: GA &gt; beta &gt;
   * alpha).
   */
  public synchronized List<String> versions(String group) {
    return types.values().stream()
        .filter(t -> t.group().equals(group))
        .map(ResourceType::version)
        .distinct()
        .sorted(KubeVersions.PREFERRED_FIRST)
        .toList();
  }

  /** Types served in one group/version, in registration order. */
  public synchronized List<ResourceType> inGroupVersion(String group, String version) {
    return types.values().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .toList();
  }

  private void put(ResourceType type) {
    types.put(key(type.group(), type.version(), type.plural()), type);
  }

  private static String key(String group, String version, String plural) {
    return (group == null ? "" : group) + "/" + version + "/" + plural;
  }
}
