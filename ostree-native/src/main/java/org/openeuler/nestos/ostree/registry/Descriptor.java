package org.openeuler.nestos.ostree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/** A content descriptor: media type, digest, size, and (in an index) the platform; annotations may be empty. */
public record Descriptor(String mediaType, String digest, long size, Platform platform,
                         Map<String, String> annotations) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Digests.requireValid(digest);
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + digest);
    }
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public static Descriptor of(String mediaType, String digest, long size) {
    return new Descriptor(mediaType, digest, size, null, Map.of());
  }

  /** This descriptor with a platform (for index entries). */
  public Descriptor withPlatform(Platform p) {
    return new Descriptor(mediaType, digest, size, p, annotations);
  }

  static Descriptor fromJson(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(where + ": descriptor missing");
    }
    String mediaType = Json.text(node, "mediaType");
    String digest = Json.text(node, "digest");
    JsonNode size = node.get("size");
    if (mediaType == null || digest == null || size == null || !size.canConvertToLong()) {
      throw new IllegalArgumentException(where + ": descriptor needs mediaType, digest and size");
    }
    Platform platform = null;
    JsonNode p = node.get("platform");
    if (p != null && p.isObject()) {
      platform = new Platform(Json.text(p, "os"), Json.text(p, "architecture"), Json.text(p, "variant"));
    }
    return new Descriptor(mediaType, digest, size.asLong(), platform, Json.stringMap(node.get("annotations")));
  }

  ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("mediaType", mediaType);
    node.put("digest", digest);
    node.put("size", size);
    if (platform != null) {
      ObjectNode p = node.putObject("platform");
      p.put("architecture", platform.architecture());
      p.put("os", platform.os());
      if (platform.variant() != null) {
        p.put("variant", platform.variant());
      }
    }
    if (!annotations.isEmpty()) {
      ObjectNode a = node.putObject("annotations");
      annotations.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> a.put(e.getKey(), e.getValue()));
    }
    return node;
  }
}
