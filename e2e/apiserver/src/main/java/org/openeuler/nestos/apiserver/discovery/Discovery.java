package org.openeuler.nestos.apiserver.discovery;

import static org.openeuler.nestos.apiserver.registry.JsonNodes.object;
import static org.openeuler.nestos.apiserver.registry.JsonNodes.strings;
import static org.openeuler.nestos.apiserver.registry.JsonNodes.typed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * Pure builders of the legacy discovery documents: {@code /version}, {@code /api}, {@code /api/v1},
 * {@code /apis}, {@code /apis/<g>} and {@code /apis/<g>/<v>}.
 *
 * <p><b>What kubectl 1.32 asks for.</b> client-go's discovery client (read from the kubectl.1.32
 * binary and client-go {@code discovery_client.go}, and observed from kubectl v1.32.5 against these
 * builders) requests {@code /api} and {@code /apis} with
 *
 * <pre>
 * Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json
 * </pre>
 *
 * and switches on the <em>response</em> {@code Content-Type}: only when it carries the aggregated
 * parameters ({@code g=apidiscovery.k8s.io;v=v2[beta1];as=APIGroupDiscoveryList}, in any order)
 * does it decode an {@code APIGroupDiscoveryList}; anything else (plain {@code application/json})
 * is decoded as the legacy {@code APIVersions}/{@code APIGroupList}, after which it fetches every
 * {@code /api/v1} and {@code /apis/<g>/<v>} {@code APIResourceList} separately. The test server
 * therefore answers with these legacy documents and {@code Content-Type: application/json}. {@link
 * AggregatedDiscovery} builds the v2 document should the server want to honour the first Accept
 * entry instead (it must then reply with {@link #AGGREGATED_V2_CONTENT_TYPE}).
 */
public final class Discovery {

  /** Accept header of kubectl 1.32 / client-go for {@code /api} and {@code /apis}. */
  public static final String KUBECTL_132_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;"
          + "as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
          + "application/json";

  /** Content type to reply with when serving {@link AggregatedDiscovery} documents. */
  public static final String AGGREGATED_V2_CONTENT_TYPE =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  /** Content type of the legacy documents built here. */
  public static final String LEGACY_CONTENT_TYPE = "application/json";

  private Discovery() {}

  /** {@code /version}: a v1.32.0 server. */
  public static ObjectNode version() {
    return object()
        .put("major", "1")
        .put("minor", "32")
        .put("gitVersion", "v1.32.0")
        .put("gitCommit", "0000000000000000000000000000000000000000")
        .put("gitTreeState", "clean")
        .put("buildDate", "2024-12-11T00:00:00Z")
        .put("goVersion", "go1.23.3")
        .put("compiler", "gc")
        .put("platform", "linux/amd64");
  }

  /** {@code /api}: {@code APIVersions} listing {@code v1}. */
  public static ObjectNode apiVersions() {
    ObjectNode doc = typed("APIVersions", null);
    doc.set("versions", strings(List.of("v1")));
    ArrayNode cidrs = doc.putArray("serverAddressByClientCIDRs");
    cidrs.addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "");
    return doc;
  }

  /** {@code /apis}: {@code APIGroupList} of every non-core group, preferred version first. */
  public static ObjectNode apiGroupList(ResourceRegistry registry) {
    ObjectNode doc = typed("APIGroupList", "v1");
    ArrayNode groups = doc.putArray("groups");
    registry.groups().stream()
        .filter(g -> !g.isEmpty())
        .forEach(g -> groups.add(group(registry, g)));
    return doc;
  }

  /** {@code /apis/<group>}: one {@code APIGroup}, or empty if the group is not served. */
  public static Optional<ObjectNode> apiGroup(ResourceRegistry registry, String group) {
    if (group.isEmpty() || registry.versions(group).isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = group(registry, group);
    doc.put("kind", "APIGroup").put("apiVersion", "v1");
    return Optional.of(doc);
  }

  /**
   * {@code /api/v1} ({@code group=""}) or {@code /apis/<g>/<v>}: an {@code APIResourceList}, or
   * empty if unknown.
   */
  public static Optional<ObjectNode> apiResourceList(
      ResourceRegistry registry, String group, String version) {
    List<ResourceType> types = registry.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = typed("APIResourceList", "v1");
    doc.put("groupVersion", types.get(0).apiVersion());
    ArrayNode resources = doc.putArray("resources");
    for (ResourceType type : types) {
      resources.add(resource(type));
      for (String sub : type.subresources()) {
        resources.add(subresource(type, SubresourceInfo.of(type, sub)));
      }
    }
    return Optional.of(doc);
  }

  private static ObjectNode group(ResourceRegistry registry, String group) {
    ObjectNode node = object().put("name", group);
    ArrayNode versions = node.putArray("versions");
    List<String> served = registry.versions(group);
    served.forEach(
        v -> versions.addObject().put("groupVersion", group + "/" + v).put("version", v));
    node.putObject("preferredVersion")
        .put("groupVersion", group + "/" + served.get(0))
        .put("version", served.get(0));
    return node;
  }

  private static ObjectNode resource(ResourceType type) {
    ObjectNode node =
        object()
            .put("name", type.plural())
            .put("singularName", type.singular())
            .put("namespaced", type.namespaced())
            .put("kind", type.kind());
    node.set("verbs", strings(type.verbs()));
    if (!type.shortNames().isEmpty()) {
      node.set("shortNames", strings(type.shortNames()));
    }
    if (!type.categories().isEmpty()) {
      node.set("categories", strings(type.categories()));
    }
    return node;
  }

  private static ObjectNode subresource(ResourceType parent, SubresourceInfo sub) {
    ObjectNode node =
        object()
            .put("name", parent.plural() + "/" + sub.name())
            .put("singularName", "")
            .put("namespaced", parent.namespaced());
    if (sub.foreignTo(parent)) {
      node.put("group", sub.group()).put("version", sub.version());
    }
    node.put("kind", sub.kind());
    node.set("verbs", strings(sub.verbs()));
    return node;
  }
}
