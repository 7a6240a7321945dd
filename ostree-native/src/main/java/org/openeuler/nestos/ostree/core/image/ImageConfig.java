package org.openeuler.nestos.ostree.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image config (image-spec {@code config.md}) as far as this module needs it: labels ({@code
 * config.Labels}), platform, and the uncompressed layer digests ({@code rootfs.diff_ids}).
 */
public record ImageConfig(
    Map<String, String> labels, String os, String architecture, List<OciDigest> diffIds) {

  public ImageConfig {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
  }

  public static ImageConfig parse(byte[] json) {
    JsonNode root = OciJson.document(json, "image config");
    List<OciDigest> diffIds = new ArrayList<>();
    for (JsonNode d : root.path("rootfs").path("diff_ids")) {
      try {
        diffIds.add(OciDigest.parse(d.asText()));
      } catch (IllegalArgumentException e) {
        throw new InvalidImageException("image config rootfs.diff_ids: " + e.getMessage());
      }
    }
    return new ImageConfig(
        OciJson.strings(root.path("config").get("Labels")),
        OciJson.text(root, "os"),
        OciJson.text(root, "architecture"),
        diffIds);
  }

  /**
   * Why this image cannot run on {@code wanted}, empty when it can: the config's {@code os} and
   * {@code architecture} (what the image really is, whatever an index entry claims) must be those
   * of {@code wanted}. The config's optional variant is not compared.
   */
  public Optional<String> platformMismatch(Platform wanted) {
    if (os == null || architecture == null) {
      return Optional.of("the image config names no os/architecture (required by the OCI spec)");
    }
    if (!os.equals(wanted.os()) || !architecture.equals(wanted.architecture())) {
      return Optional.of(
          "the image config says platform " + os + "/" + architecture + ", not " + wanted);
    }
    return Optional.empty();
  }

  /** {@code org.opencontainers.image.version}. */
  public Optional<String> version() {
    return Optional.ofNullable(labels.get(OstreeLabels.VERSION));
  }

  /** {@code ostree.bootable} is "true" (ostree-rs-ext marks bootable images so). */
  public boolean bootable() {
    return "true".equalsIgnoreCase(labels.get(OstreeLabels.BOOTABLE));
  }

  /** {@code ostree.commit}: the checksum of the encapsulated ostree commit. */
  public Optional<String> ostreeCommit() {
    return Optional.ofNullable(labels.get(OstreeLabels.COMMIT));
  }

  /**
   * The config JSON (fixed field order, sorted labels): {@code created} (RFC 3339, e.g. the commit
   * timestamp as ostree-rs-ext does) and one history entry per layer, {@code created_by} {@code
   * createdBy}.
   */
  public byte[] toJson(String created, String createdBy) {
    ObjectNode root = OciJson.object();
    root.put("architecture", architecture);
    root.put("os", os);
    root.put("created", created);
    OciJson.putStrings(root.putObject("config"), "Labels", labels);
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    diffIds.forEach(d -> ids.add(d.toString()));
    ArrayNode history = root.putArray("history");
    diffIds.forEach(d -> history.addObject().put("created", created).put("created_by", createdBy));
    return OciJson.write(root);
  }
}
