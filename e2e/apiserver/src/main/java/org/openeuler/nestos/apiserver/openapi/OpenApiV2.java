package org.openeuler.nestos.apiserver.openapi;

import static org.openeuler.nestos.apiserver.registry.JsonNodes.object;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * The Swagger 2.0 document ({@code /openapi/v2}, JSON). CRD kinds carry their schema (v3-only
 * keywords such as {@code nullable}/{@code anyOf} dropped, as kube does) and {@code
 * x-kubernetes-group-version-kind}.
 *
 * <p>Built-in kinds get minimal definitions <em>without</em> the gvk extension on purpose: kubectl
 * apply looks a built-in kind up by gvk to derive strategic-merge metadata; finding nothing, it
 * uses its compiled-in types instead of a minimal schema that would make it warn and fall back on
 * every apply.
 */
public final class OpenApiV2 {

  private OpenApiV2() {}

  public static ObjectNode document(ResourceRegistry registry) {
    ObjectNode doc = object().put("swagger", "2.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    doc.putObject("paths");
    ObjectNode definitions = doc.putObject("definitions");
    KindSchemas kinds = new KindSchemas(true);
    for (ResourceType type : registry.all()) {
      kinds.addTo(definitions, type, type.isCustom());
    }
    return doc;
  }
}
