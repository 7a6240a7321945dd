package org.openeuler.nestos.apiserver.openapi;

import static org.openeuler.nestos.apiserver.registry.JsonNodes.object;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * OpenAPI v3 documents: the {@code /openapi/v3} index and one document per group/version ({@code
 * /openapi/v3/api/v1}, {@code /openapi/v3/apis/<g>/<v>}).
 *
 * <p><b>Server-side field validation.</b> kubectl 1.32 ({@code --validate=strict}, the default)
 * asks cli-runtime's {@code QueryParamVerifierV3.HasSupport(gvk)}: it fetches this index, then the
 * group/version document, and looks for a path item whose PATCH operation has {@code
 * x-kubernetes-group-version-kind} equal to the gvk (an object on operations) and a parameter
 * {@code fieldValidation} with {@code in: query}. If found, it sends {@code
 * ?fieldValidation=Strict} and skips client-side validation. If the group/version is missing but
 * the kind is a CRD, it checks the PATCH of {@code v1 Namespace} in {@code api/v1} instead; if the
 * v3 lookup errors it falls back to the v2 verifier (observed: kubectl v1.32.5 {@code create -f}
 * sends {@code fieldValidation=Strict} against these documents). Hence every type here publishes
 * PATCH (and POST/PUT) with that parameter.
 *
 * <p><b>kubectl explain.</b> {@code kubectl explain osversion.spec.rollout} maps the name via
 * discovery, fetches this index, follows {@code serverRelativeURL} of {@code apis/<g>/<v>}, picks
 * the {@code components.schemas} entry whose {@code x-kubernetes-group-version-kind} (an array on
 * schemas) contains the gvk, and walks {@code properties}, following {@code $ref} and
 * single-element {@code allOf} (used for {@code metadata}), printing {@code description}s.
 */
public final class OpenApiV3 {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OpenApiV3() {}

  /** {@code api/v1} or {@code apis/<group>/<version>} (no leading slash, as in the index). */
  public static String groupVersionPath(String group, String version) {
    return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
  }

  /**
   * {@code /openapi/v3}: every served group/version with a content hash in its {@code
   * serverRelativeURL}.
   */
  public static ObjectNode index(ResourceRegistry registry) {
    ObjectNode doc = object();
    ObjectNode paths = doc.putObject("paths");
    for (String group : registry.groups()) {
      for (String version : registry.versions(group)) {
        String path = groupVersionPath(group, version);
        String hash = hash(groupVersion(registry, group, version).orElseThrow());
        paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash);
      }
    }
    return doc;
  }

  /**
   * The document of one group/version ({@code group=""} for core), or empty if nothing is served
   * there.
   */
  public static Optional<ObjectNode> groupVersion(
      ResourceRegistry registry, String group, String version) {
    List<ResourceType> types = registry.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = object().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    KindSchemas kinds = new KindSchemas(false);
    for (ResourceType type : types) {
      kinds.addTo(schemas, type, true);
      Operations.addTo(paths, type, kinds.ref(type, type.kind()), kinds.ref(type, type.listKind()));
    }
    schemas.set(
        Schemas.STATUS,
        Schemas.looseObject(
            "Status is a return value for calls that don't return " + "other objects."));
    schemas.set(
        Schemas.PATCH,
        object()
            .put("type", "object")
            .put(
                "description",
                "Patch is provided to give a "
                    + "concrete name and type to the Kubernetes PATCH request body."));
    return Optional.of(doc);
  }

  /** Upper-case hex SHA-512 of the serialized document, like kube's {@code ?hash=} values. */
  public static String hash(ObjectNode document) {
    try {
      byte[] bytes = MAPPER.writeValueAsBytes(document);
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
