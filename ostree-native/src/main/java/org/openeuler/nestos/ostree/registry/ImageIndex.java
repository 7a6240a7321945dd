package org.openeuler.nestos.ostree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** An image index (OCI) or manifest list (Docker): one manifest per platform. */
public record ImageIndex(String mediaType, List<Descriptor> manifests) {

  public ImageIndex {
    if (!MediaTypes.isIndex(mediaType)) {
      throw new IllegalArgumentException("not an index media type: " + mediaType);
    }
    manifests = List.copyOf(manifests);
  }

  public static ImageIndex oci(List<Descriptor> manifests) {
    return new ImageIndex(MediaTypes.OCI_INDEX, manifests);
  }

  /** Parses an index body; {@code contentType} is used when the body has no {@code mediaType}. */
  public static ImageIndex parse(byte[] body, String contentType) {
    JsonNode root = Json.read(body, "image index");
    String mediaType = Json.text(root, "mediaType");
    if (mediaType == null) {
      mediaType = MediaTypes.base(contentType);
    }
    List<Descriptor> entries = new ArrayList<>();
    int i = 0;
    for (JsonNode m : root.path("manifests")) {
      entries.add(Descriptor.fromJson(m, "image index manifests[" + i++ + "]"));
    }
    return new ImageIndex(mediaType == null ? MediaTypes.OCI_INDEX : mediaType, entries);
  }

  /**
   * The first image manifest entry whose platform {@code wanted} accepts.
   *
   * @throws NoMatchingPlatformException naming the platforms the index offers
   */
  public Descriptor select(Platform wanted) throws NoMatchingPlatformException {
    for (Descriptor d : manifests) {
      if (MediaTypes.isImageManifest(d.mediaType()) && wanted.accepts(d.platform())) {
        return d;
      }
    }
    throw new NoMatchingPlatformException(wanted,
        manifests.stream().map(d -> String.valueOf(d.platform())).toList());
  }

  public byte[] toJson() {
    ObjectNode root = Json.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    ArrayNode array = root.putArray("manifests");
    manifests.forEach(m -> array.add(m.toJson()));
    return Json.write(root);
  }
}
