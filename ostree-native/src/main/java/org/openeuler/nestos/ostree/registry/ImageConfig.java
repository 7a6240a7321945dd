package org.openeuler.nestos.ostree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the client reads from an image config blob: labels, platform and the layers' diff ids. */
public record ImageConfig(Map<String, String> labels, String os, String architecture, List<String> diffIds) {

  public static final String LABEL_VERSION = "org.opencontainers.image.version";
  public static final String LABEL_OSTREE_BOOTABLE = "ostree.bootable";
  public static final String LABEL_OSTREE_COMMIT = "ostree.commit";

  public ImageConfig {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
  }

  public static ImageConfig parse(byte[] body) {
    JsonNode root = Json.read(body, "image config");
    List<String> diffIds = new ArrayList<>();
    root.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
    return new ImageConfig(Json.stringMap(root.path("config").get("Labels")), Json.text(root, "os"),
        Json.text(root, "architecture"), diffIds);
  }

  /** {@code org.opencontainers.image.version}. */
  public Optional<String> version() {
    return Optional.ofNullable(labels.get(LABEL_VERSION));
  }

  /** {@code ostree.bootable} is "true" (ostree-rs-ext marks bootable images so). */
  public boolean bootable() {
    return "true".equalsIgnoreCase(labels.get(LABEL_OSTREE_BOOTABLE));
  }

  /** {@code ostree.commit}: the checksum of the encapsulated ostree commit. */
  public Optional<String> ostreeCommit() {
    return Optional.ofNullable(labels.get(LABEL_OSTREE_COMMIT));
  }
}
