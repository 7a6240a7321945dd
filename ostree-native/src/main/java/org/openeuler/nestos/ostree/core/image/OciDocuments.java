package org.openeuler.nestos.ostree.core.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds and parses the OCI JSON documents (image-spec v1.1 {@code config.md}, {@code manifest.md},
 * {@code image-index.md}). Built documents are deterministic: keys sorted, no whitespace, fixed {@code created}
 * (the commit timestamp, as ostree-rs-ext does), so the same commit always yields the same manifest digest.
 */
public final class OciDocuments {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private OciDocuments() { }

  /** The image config: labels in {@code config.Labels}, one history entry per layer, {@code rootfs.diff_ids}. */
  public static byte[] config(Map<String, String> labels, List<OciDigest> diffIds, String created, String arch) {
    Map<String, Object> config = new TreeMap<>();
    config.put("architecture", arch);
    config.put("os", "linux");
    config.put("created", created);
    config.put("config", Map.of("Labels", new TreeMap<>(labels)));
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds.stream().map(OciDigest::toString).toList()));
    List<Map<String, String>> history = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      history.add(Map.of("created", created, "created_by", "nestos encapsulate ostree commit " + labels
          .get(OstreeLabels.COMMIT)));
    }
    config.put("history", history);
    return write(config);
  }

  /** The OCI manifest; the labels are repeated as manifest annotations (as ostree-rs-ext does). */
  public static byte[] manifest(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    Map<String, Object> manifest = new TreeMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", Descriptor.OCI_MANIFEST);
    manifest.put("config", descriptor(config, Map.of()));
    manifest.put("layers", layers.stream().map(l -> descriptor(l, Map.of("ostree.encapsulated", "true"))).toList());
    manifest.put("annotations", new TreeMap<>(annotations));
    return write(manifest);
  }

  /** An OCI layout {@code index.json} naming one manifest, tagged {@code tag} ({@code ref.name}). */
  public static byte[] index(Descriptor manifest, String tag) {
    return write(Map.of("schemaVersion", 2, "mediaType", Descriptor.OCI_INDEX,
        "manifests", List.of(descriptor(manifest, Map.of("org.opencontainers.image.ref.name", tag)))));
  }

  /** Parses a single-platform manifest; an image index is refused (resolve the platform first). */
  public static ImageManifest parseManifest(byte[] json) {
    JsonNode root = read(json, "manifest");
    String mediaType = root.path("mediaType").asText(Descriptor.OCI_MANIFEST);
    if (Descriptor.OCI_INDEX.equals(mediaType) || Descriptor.DOCKER_MANIFEST_LIST.equals(mediaType)
        || root.has("manifests")) {
      throw new InvalidImageException("expected an image manifest, got an image index (" + mediaType
          + "); reference the platform manifest by digest");
    }
    if (!Descriptor.OCI_MANIFEST.equals(mediaType) && !Descriptor.DOCKER_MANIFEST.equals(mediaType)) {
      throw new InvalidImageException("unsupported manifest media type " + mediaType);
    }
    if (root.path("schemaVersion").asInt() != 2) {
      throw new InvalidImageException("manifest schemaVersion must be 2");
    }
    List<Descriptor> layers = new ArrayList<>();
    root.path("layers").forEach(l -> layers.add(descriptor(l)));
    if (layers.isEmpty()) {
      throw new InvalidImageException("manifest has no layers");
    }
    return new ImageManifest(descriptor(root.path("config")), layers, strings(root.path("annotations")));
  }

  public static ImageConfig parseConfig(byte[] json) {
    JsonNode root = read(json, "image config");
    List<OciDigest> diffIds = new ArrayList<>();
    root.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(OciDigest.parse(d.asText())));
    return new ImageConfig(strings(root.path("config").path("Labels")), diffIds);
  }

  private static Map<String, Object> descriptor(Descriptor d, Map<String, String> annotations) {
    Map<String, Object> m = new TreeMap<>();
    m.put("mediaType", d.mediaType());
    m.put("digest", d.digest().toString());
    m.put("size", d.size());
    if (!annotations.isEmpty()) {
      m.put("annotations", new TreeMap<>(annotations));
    }
    return m;
  }

  private static Descriptor descriptor(JsonNode node) {
    if (!node.hasNonNull("digest") || !node.hasNonNull("mediaType")) {
      throw new InvalidImageException("descriptor without mediaType/digest: " + node);
    }
    try {
      return new Descriptor(node.get("mediaType").asText(), OciDigest.parse(node.get("digest").asText()),
          node.path("size").asLong(-1));
    } catch (IllegalArgumentException e) {
      throw new InvalidImageException("bad descriptor " + node + ": " + e.getMessage());
    }
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static JsonNode read(byte[] json, String what) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new InvalidImageException(what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new InvalidImageException(what + " is not valid JSON: " + e.getMessage());
    }
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
