package org.openeuler.nestos.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One served resource of one group/version, as discovery, OpenAPI and table rendering need it.
 *
 * @param group API group, {@code ""} for the core group
 * @param subresources served subresources, e.g. {@code status}, {@code eviction}, {@code scale}
 * @param openApiV3Schema structural schema (CRDs: {@code spec.versions[].schema.openAPIV3Schema});
 *     nullable
 * @param crd the CustomResourceDefinition this type comes from; nullable for built-ins
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    String listKind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> verbs,
    List<String> subresources,
    List<PrinterColumn> printerColumns,
    JsonNode openApiV3Schema,
    JsonNode crd) {

  public ResourceType {
    group = group == null ? "" : group;
    shortNames = copy(shortNames);
    categories = copy(categories);
    verbs = copy(verbs);
    subresources = copy(subresources);
    printerColumns = copy(printerColumns);
  }

  /** {@code v1} for the core group, {@code group/version} otherwise. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public boolean hasStatus() {
    return subresources.contains("status");
  }

  public boolean isCustom() {
    return crd != null;
  }

  /**
   * Whether {@code name} addresses this type the way kubectl resolves it (plural, singular, short
   * name, kind).
   */
  public boolean answersTo(String name) {
    return plural.equalsIgnoreCase(name)
        || singular.equalsIgnoreCase(name)
        || kind.equalsIgnoreCase(name)
        || shortNames.stream().anyMatch(name::equalsIgnoreCase);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
