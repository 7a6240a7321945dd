package org.openeuler.nestos.apiserver.discovery;

import java.util.List;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * What discovery advertises for a subresource: the kind it takes/returns (group/version may differ)
 * and its verbs.
 */
record SubresourceInfo(String name, String group, String version, String kind, List<String> verbs) {

  static SubresourceInfo of(ResourceType parent, String subresource) {
    return switch (subresource) {
      case "eviction" ->
          new SubresourceInfo(subresource, "policy", "v1", "Eviction", List.of("create"));
      case "scale" ->
          new SubresourceInfo(
              subresource, "autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
      case "status" ->
          new SubresourceInfo(
              subresource,
              parent.group(),
              parent.version(),
              parent.kind(),
              List.of("get", "patch", "update"));
      default ->
          new SubresourceInfo(
              subresource, parent.group(), parent.version(), parent.kind(), List.of("get"));
    };
  }

  /**
   * Whether group/version differ from the parent's, in which case legacy discovery spells them out.
   */
  boolean foreignTo(ResourceType parent) {
    return !group.equals(parent.group()) || !version.equals(parent.version());
  }
}
