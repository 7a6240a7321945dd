package org.openeuler.nestos.ostree.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor: media type, digest and size of one blob or manifest, plus (in an
 * index) its platform and any annotations (empty when none).
 */
public record Descriptor(
    String mediaType,
    OciDigest digest,
    long size,
    Platform platform,
    Map<String, String> annotations) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + digest);
    }
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, OciDigest digest, long size) {
    this(mediaType, digest, size, null, Map.of());
  }

  /** This descriptor with a platform (for index entries). */
  public Descriptor withPlatform(Platform p) {
    return new Descriptor(mediaType, digest, size, p, annotations);
  }

  public Descriptor withAnnotations(Map<String, String> a) {
    return new Descriptor(mediaType, digest, size, platform, a);
  }

  /** Whether a layer of this media type is gzip-compressed; other compressions are refused. */
  public boolean gzipLayer() {
    return switch (mediaType) {
      case MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP -> true;
      case MediaTypes.OCI_LAYER_TAR -> false;
      default ->
          throw new InvalidImageException(
              "unsupported layer media type "
                  + mediaType
                  + " (layer "
                  + digest
                  + "); ostree-native images use tar or tar+gzip layers");
    };
  }

  static Descriptor fromJson(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new InvalidImageException(where + ": descriptor missing");
    }
    String mediaType = OciJson.text(node, "mediaType");
    String digest = OciJson.text(node, "digest");
    JsonNode size = node.get("size");
    if (mediaType == null || digest == null || size == null || !size.canConvertToLong()) {
      throw new InvalidImageException(where + ": descriptor needs mediaType, digest and size");
    }
    Platform platform = null;
    JsonNode p = node.get("platform");
    if (p != null && p.isObject()) {
      platform =
          new Platform(
              OciJson.text(p, "os"), OciJson.text(p, "architecture"), OciJson.text(p, "variant"));
    }
    try {
      return new Descriptor(
          mediaType,
          OciDigest.parse(digest),
          size.asLong(),
          platform,
          OciJson.strings(node.get("annotations")));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidImageException(where + ": " + e.getMessage());
    }
  }

  ObjectNode toJson() {
    ObjectNode node = OciJson.object();
    node.put("mediaType", mediaType);
    node.put("digest", digest.toString());
    node.put("size", size);
    if (platform != null) {
      ObjectNode p = node.putObject("platform");
      p.put("architecture", platform.architecture());
      p.put("os", platform.os());
      if (platform.variant() != null) {
        p.put("variant", platform.variant());
      }
    }
    OciJson.putStrings(node, "annotations", annotations);
    return node;
  }
}
