package org.openeuler.nestos.ostree.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A single-platform image manifest (OCI or Docker schema 2): config, layers in order, annotations.
 */
public record ImageManifest(
    String mediaType, Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {

  public ImageManifest {
    requireImageManifest(mediaType);
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** An OCI image manifest. */
  public static ImageManifest oci(
      Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    return new ImageManifest(MediaTypes.OCI_MANIFEST, config, layers, annotations);
  }

  /**
   * Parses a manifest; its media type is the body's {@code mediaType}, else {@code contentType}
   * (may be null), else OCI. An image index is refused (resolve the platform first).
   */
  public static ImageManifest parse(byte[] body, String contentType) {
    JsonNode root = OciJson.document(body, "image manifest");
    String mediaType = OciJson.text(root, "mediaType");
    if (mediaType == null) {
      mediaType = MediaTypes.base(contentType);
    }
    if (mediaType == null) {
      mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }
    requireImageManifest(mediaType);
    if (root.path("schemaVersion").asInt() != 2) {
      throw new InvalidImageException("image manifest: schemaVersion must be 2");
    }
    List<Descriptor> layers = new ArrayList<>();
    int i = 0;
    for (JsonNode layer : root.path("layers")) {
      layers.add(Descriptor.fromJson(layer, "image manifest layers[" + i++ + "]"));
    }
    return new ImageManifest(
        mediaType,
        Descriptor.fromJson(root.get("config"), "image manifest config"),
        layers,
        OciJson.strings(root.get("annotations")));
  }

  private static void requireImageManifest(String mediaType) {
    if (MediaTypes.isIndex(mediaType)) {
      throw new InvalidImageException(
          "expected an image manifest, got an image index ("
              + mediaType
              + "); reference the platform manifest by digest");
    }
    if (!MediaTypes.isImageManifest(mediaType)) {
      throw new InvalidImageException("unsupported manifest media type " + mediaType);
    }
  }

  /**
   * The canonical JSON (fixed field order, sorted annotations): the same manifest always has the
   * same digest.
   */
  public byte[] toJson() {
    ObjectNode root = OciJson.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    root.set("config", config.toJson());
    ArrayNode array = root.putArray("layers");
    layers.forEach(l -> array.add(l.toJson()));
    OciJson.putStrings(root, "annotations", annotations);
    return OciJson.write(root);
  }
}
