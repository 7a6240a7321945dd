package org.openeuler.nestos.ostree.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.openeuler.nestos.ostree.registry.Descriptor;
import org.openeuler.nestos.ostree.registry.Digests;
import org.openeuler.nestos.ostree.registry.ImageManifest;
import org.openeuler.nestos.ostree.registry.MediaTypes;
import org.openeuler.nestos.ostree.registry.Platform;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.registry.RegistryRef;

/** Small, reproducible OCI images for tests: gzip tar layers, a config with labels, pushed with the client. */
public final class TestImages {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An image's parts as built (and pushed). */
  public record Image(ImageManifest manifest, byte[] manifestJson, String digest, byte[] config,
                      List<byte[]> layers) {}

  private TestImages() {}

  /** A gzip tar with these files (name -> content), sorted, mtime 0, mode 0644: the same bytes every time. */
  public static byte[] tarGz(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getValue().length);
        e.setMode(0100644);
        e.setModTime(0);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** An OCI image config with these labels and platform; {@code diffIds} of the (uncompressed) layers. */
  public static byte[] config(Map<String, String> labels, Platform platform, List<String> diffIds) {
    ObjectNode root = JSON.createObjectNode();
    root.put("architecture", platform.architecture());
    root.put("os", platform.os());
    if (platform.variant() != null) {
      root.put("variant", platform.variant());
    }
    ObjectNode labelNode = root.putObject("config").putObject("Labels");
    new TreeMap<>(labels).forEach(labelNode::put);
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    diffIds.forEach(rootfs.putArray("diff_ids")::add);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds an image of one layer per file map, without pushing it. */
  public static Image build(Map<String, String> labels, Platform platform, List<Map<String, byte[]>> layerFiles) {
    List<byte[]> layers = new ArrayList<>();
    List<Descriptor> layerDescriptors = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (Map<String, byte[]> files : layerFiles) {
      byte[] layer = tarGz(files);
      layers.add(layer);
      layerDescriptors.add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digests.sha256(layer), layer.length));
      diffIds.add(Digests.sha256(ungzip(layer)));
    }
    byte[] config = config(labels, platform, diffIds);
    ImageManifest manifest = ImageManifest.oci(
        Descriptor.of(MediaTypes.OCI_CONFIG, Digests.sha256(config), config.length), layerDescriptors);
    byte[] json = manifest.toJson();
    return new Image(manifest, json, Digests.sha256(json), config, layers);
  }

  /** Builds and pushes an image (blobs, then the manifest by {@code ref}'s tag or digest). */
  public static Image push(RegistryClient client, RegistryRef ref, Map<String, String> labels, Platform platform,
                           List<Map<String, byte[]>> layerFiles) throws IOException {
    Image image = build(labels, platform, layerFiles);
    RegistryRef repo = ref.repositoryOnly();
    client.pushBlob(repo, image.config(), MediaTypes.OCI_CONFIG);
    for (byte[] layer : image.layers()) {
      client.pushBlob(repo, layer, MediaTypes.OCI_LAYER_GZIP);
    }
    client.pushManifest(ref, image.manifest());
    return image;
  }

  /** One layer with one file. */
  public static Image push(RegistryClient client, RegistryRef ref, Map<String, String> labels, String fileContent)
      throws IOException {
    return push(client, ref, labels, Platform.LINUX_AMD64,
        List.of(Map.of("etc/nestos-test", fileContent.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  private static byte[] ungzip(byte[] gz) {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
