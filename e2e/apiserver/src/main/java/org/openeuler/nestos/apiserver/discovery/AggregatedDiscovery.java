package org.openeuler.nestos.apiserver.discovery;

import static org.openeuler.nestos.apiserver.registry.JsonNodes.object;
import static org.openeuler.nestos.apiserver.registry.JsonNodes.strings;
import static org.openeuler.nestos.apiserver.registry.JsonNodes.typed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * The aggregated discovery document ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}) for
 * {@code /api} (core group only) or {@code /apis} (every other group). Serve it with {@link
 * Discovery#AGGREGATED_V2_CONTENT_TYPE}; see {@link Discovery} for when clients accept it.
 */
public final class AggregatedDiscovery {

  private AggregatedDiscovery() {}

  /** {@code core=true}: the {@code /api} document; {@code false}: the {@code /apis} document. */
  public static ObjectNode groupDiscoveryList(ResourceRegistry registry, boolean core) {
    ObjectNode doc = typed("APIGroupDiscoveryList", "apidiscovery.k8s.io/v2");
    doc.putObject("metadata");
    ArrayNode items = doc.putArray("items");
    for (String group : registry.groups()) {
      if (group.isEmpty() != core) {
        continue;
      }
      ObjectNode item = items.addObject();
      ObjectNode metadata = item.putObject("metadata");
      if (!group.isEmpty()) {
        metadata.put("name", group);
      }
      ArrayNode versions = item.putArray("versions");
      for (String version : registry.versions(group)) {
        ObjectNode v = versions.addObject().put("version", version);
        ArrayNode resources = v.putArray("resources");
        registry.inGroupVersion(group, version).forEach(t -> resources.add(resource(t)));
        v.put("freshness", "Current");
      }
    }
    return doc;
  }

  private static ObjectNode resource(ResourceType type) {
    ObjectNode node = object().put("resource", type.plural());
    kind(node.putObject("responseKind"), type.group(), type.version(), type.kind());
    node.put("scope", type.namespaced() ? "Namespaced" : "Cluster")
        .put("singularResource", type.singular());
    node.set("verbs", strings(type.verbs()));
    if (!type.shortNames().isEmpty()) {
      node.set("shortNames", strings(type.shortNames()));
    }
    if (!type.categories().isEmpty()) {
      node.set("categories", strings(type.categories()));
    }
    if (!type.subresources().isEmpty()) {
      ArrayNode subs = node.putArray("subresources");
      for (String name : type.subresources()) {
        SubresourceInfo sub = SubresourceInfo.of(type, name);
        ObjectNode s = subs.addObject().put("subresource", name);
        kind(s.putObject("responseKind"), sub.group(), sub.version(), sub.kind());
        s.set("verbs", strings(sub.verbs()));
      }
    }
    return node;
  }

  private static void kind(ObjectNode node, String group, String version, String kind) {
    node.put("group", group).put("version", version).put("kind", kind);
  }
}
