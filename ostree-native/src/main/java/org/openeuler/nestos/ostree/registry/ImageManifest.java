package org.openeuler.nestos.ostree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An image manifest (OCI or Docker schema 2): config descriptor and layers, in order. */
public record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers,
                            Map<String, String> annotations) {

  public ImageManifest {
    if (!MediaTypes.isImageManifest(mediaType)) {
      throw new IllegalArgumentException("not an image manifest media type: " + mediaType);
    }
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** An OCI image manifest. */
  public static ImageManifest oci(Descriptor config, List<Descriptor> layers) {
    return new ImageManifest(MediaTypes.OCI_MANIFEST, config, layers, Map.of());
  }

  /** Parses a manifest body; {@code contentType} is used when the body has no {@code mediaType}. */
  public static ImageManifest parse(byte[] body, String contentType) {
    JsonNode root = Json.read(body, "image manifest");
    String mediaType = Json.text(root, "mediaType");
    if (mediaType == null) {
      mediaType = MediaTypes.base(contentType);
    }
    if (root.path("schemaVersion").asInt() != 2) {
      throw new IllegalArgumentException("image manifest: schemaVersion must be 2");
    }
    List<Descriptor> layers = new ArrayList<>();
    int i = 0;
    for (JsonNode layer : root.path("layers")) {
      layers.add(Descriptor.fromJson(layer, "image manifest layers[" + i++ + "]"));
    }
    return new ImageManifest(mediaType == null ? MediaTypes.OCI_MANIFEST : mediaType,
        Descriptor.fromJson(root.get("config"), "image manifest config"), layers,
        Json.stringMap(root.get("annotations")));
  }

  /** The canonical JSON body (stable field order), as pushed. */
  public byte[] toJson() {
    ObjectNode root = Json.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    root.set("config", config.toJson());
    ArrayNode array = root.putArray("layers");
    layers.forEach(l -> array.add(l.toJson()));
    if (!annotations.isEmpty()) {
      ObjectNode a = root.putObject("annotations");
      annotations.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> a.put(e.getKey(), e.getValue()));
    }
    return Json.write(root);
  }
}
