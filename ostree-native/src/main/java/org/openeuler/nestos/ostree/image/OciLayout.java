package org.openeuler.nestos.ostree.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.ImageIndex;
import org.openeuler.nestos.ostree.core.image.OciDigest;

/**
 * An OCI image layout directory (image-spec {@code image-layout.md}: {@code oci-layout}, {@code
 * index.json}, {@code blobs/sha256/<hex>}), readable as an {@link ImageSource} and writable by the
 * encapsulator.
 */
public final class OciLayout implements ImageSource {

  private final Path dir;

  public OciLayout(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path blobPath(OciDigest digest) {
    return dir.resolve("blobs/sha256").resolve(digest.hex());
  }

  @Override
  public byte[] manifest(OciDigest digest) throws IOException {
    return Files.readAllBytes(blobPath(digest));
  }

  @Override
  public InputStream blob(Descriptor blob) throws IOException {
    return Files.newInputStream(blobPath(blob.digest()));
  }

  /** Creates {@code oci-layout} and {@code blobs/sha256} when missing. */
  public OciLayout init() throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(
        dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
    return this;
  }

  public Descriptor writeBlob(byte[] content, String mediaType) throws IOException {
    OciDigest digest = OciDigest.of(content);
    Files.write(blobPath(digest), content);
    return new Descriptor(mediaType, digest, content.length);
  }

  /**
   * A blob being written: stream into {@link #out()}, then {@link #commit()} moves it under its
   * digest.
   */
  public BlobWriter newBlob(String mediaType) throws IOException {
    Path tmp = Files.createTempFile(dir.resolve("blobs/sha256"), ".incoming-", ".tmp");
    return new BlobWriter(tmp, mediaType);
  }

  /**
   * Replaces {@code index.json} with one naming {@code manifest} as {@code tag} ({@code ref.name}).
   */
  public void writeIndex(Descriptor manifest, String tag) throws IOException {
    Files.write(
        dir.resolve("index.json"),
        ImageIndex.oci(
                List.of(manifest.withAnnotations(Map.of("org.opencontainers.image.ref.name", tag))))
            .toJson());
  }

  /** See {@link #newBlob}. */
  public final class BlobWriter implements AutoCloseable {
    private final Path tmp;
    private final String mediaType;
    private final MessageDigest sha256 = OciDigest.sha256();
    private final CountingOutputStream out;
    private boolean committed;

    private BlobWriter(Path tmp, String mediaType) throws IOException {
      this.tmp = tmp;
      this.mediaType = mediaType;
      this.out =
          new CountingOutputStream(new DigestOutputStream(Files.newOutputStream(tmp), sha256));
    }

    public OutputStream out() {
      return out;
    }

    public Descriptor commit() throws IOException {
      out.close();
      OciDigest digest = OciDigest.fromRaw(sha256.digest());
      Files.move(
          tmp,
          blobPath(digest),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      committed = true;
      return new Descriptor(mediaType, digest, out.count());
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        out.close();
        Files.deleteIfExists(tmp);
      }
    }
  }
}
