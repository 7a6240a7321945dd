package org.openeuler.nestos.ostree.testing;

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
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.ImageConfig;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.image.Platform;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.registry.RegistryClient;

/**
 * Small, reproducible OCI images for tests: gzip tar layers, a config with labels, pushed with the
 * client.
 */
public final class TestImages {

  /** When every test image was "created". */
  public static final String CREATED = "2024-01-01T00:00:00Z";

  /** An image's parts as built (and pushed). */
  public record Image(
      ImageManifest manifest,
      byte[] manifestJson,
      OciDigest digest,
      byte[] config,
      List<byte[]> layers) {}

  private TestImages() {}

  /**
   * A gzip tar with these files (name -> content), sorted, mtime 0, mode 0644: the same bytes every
   * time.
   */
  public static byte[] tarGz(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
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

  /** Builds an image of one layer per file map, without pushing it. */
  public static Image build(
      Map<String, String> labels, Platform platform, List<Map<String, byte[]>> layerFiles) {
    List<byte[]> layers = new ArrayList<>();
    List<Descriptor> layerDescriptors = new ArrayList<>();
    List<OciDigest> diffIds = new ArrayList<>();
    for (Map<String, byte[]> files : layerFiles) {
      byte[] layer = tarGz(files);
      layers.add(layer);
      layerDescriptors.add(
          new Descriptor(MediaTypes.OCI_LAYER_GZIP, OciDigest.of(layer), layer.length));
      diffIds.add(OciDigest.of(ungzip(layer)));
    }
    byte[] config =
        new ImageConfig(labels, platform.os(), platform.architecture(), diffIds)
            .toJson(CREATED, "nestos test image");
    ImageManifest manifest =
        ImageManifest.oci(
            new Descriptor(MediaTypes.OCI_CONFIG, OciDigest.of(config), config.length),
            layerDescriptors,
            Map.of());
    byte[] json = manifest.toJson();
    return new Image(manifest, json, OciDigest.of(json), config, layers);
  }

  /** Builds and pushes an image (blobs, then the manifest by {@code ref}'s tag or digest). */
  public static Image push(
      RegistryClient client,
      DockerReference ref,
      Map<String, String> labels,
      Platform platform,
      List<Map<String, byte[]>> layerFiles)
      throws IOException {
    Image image = build(labels, platform, layerFiles);
    DockerReference repo = ref.repositoryOnly();
    client.pushBlob(repo, image.config(), MediaTypes.OCI_CONFIG);
    for (byte[] layer : image.layers()) {
      client.pushBlob(repo, layer, MediaTypes.OCI_LAYER_GZIP);
    }
    client.pushManifest(ref, image.manifest());
    return image;
  }

  /** One layer with one file. */
  public static Image push(
      RegistryClient client, DockerReference ref, Map<String, String> labels, String fileContent)
      throws IOException {
    return push(
        client,
        ref,
        labels,
        Platform.LINUX_AMD64,
        List.of(
            Map.of(
                "etc/nestos-test", fileContent.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  private static byte[] ungzip(byte[] gz) {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
