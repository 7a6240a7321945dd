package org.openeuler.nestos.ostree.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image index (OCI) or manifest list (Docker): one manifest per platform; also an OCI layout's
 * index.json.
 */
public record ImageIndex(String mediaType, List<Descriptor> manifests) {

  public ImageIndex {
    if (!MediaTypes.isIndex(mediaType)) {
      throw new InvalidImageException("not an index media type: " + mediaType);
    }
    manifests = List.copyOf(manifests);
  }

  public static ImageIndex oci(List<Descriptor> manifests) {
    return new ImageIndex(MediaTypes.OCI_INDEX, manifests);
  }

  /**
   * Parses an index; its media type is the body's {@code mediaType}, else {@code contentType}, else
   * OCI.
   */
  public static ImageIndex parse(byte[] body, String contentType) {
    JsonNode root = OciJson.document(body, "image index");
    String mediaType = OciJson.text(root, "mediaType");
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
   * Whether a manifest document is an index: its {@code mediaType} says so, or it has none and
   * lists {@code manifests}.
   */
  public static boolean isIndex(byte[] body) {
    JsonNode root = OciJson.document(body, "manifest");
    String type = OciJson.text(root, "mediaType");
    return MediaTypes.isIndex(type) || (type == null && root.has("manifests"));
  }

  /** The first image manifest entry whose platform {@code wanted} accepts. */
  public Optional<Descriptor> select(Platform wanted) {
    return manifests.stream()
        .filter(d -> MediaTypes.isImageManifest(d.mediaType()) && wanted.accepts(d.platform()))
        .findFirst();
  }

  /**
   * The platforms of the entries, as {@code os/arch[/variant]} ({@code null} for entries without
   * one).
   */
  public List<String> platforms() {
    return manifests.stream().map(d -> String.valueOf(d.platform())).toList();
  }

  public byte[] toJson() {
    ObjectNode root = OciJson.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    ArrayNode array = root.putArray("manifests");
    manifests.forEach(m -> array.add(m.toJson()));
    return OciJson.write(root);
  }
}
