package org.openeuler.nestos.ostree.image;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.DigestMismatchException;
import org.openeuler.nestos.ostree.core.image.DigestingInputStream;
import org.openeuler.nestos.ostree.core.image.InvalidImageException;
import org.openeuler.nestos.ostree.core.image.LayerEntryPolicy;
import org.openeuler.nestos.ostree.core.image.LayerLimits;
import org.openeuler.nestos.ostree.core.image.OciDigest;

/**
 * Streams one layer into a temporary repo's {@code objects/}: compressed bytes hashed against the
 * layer digest, uncompressed bytes hashed against the diff_id and capped (expansion ratio and the
 * disk budget the importer computed from the free space), every entry through {@link
 * LayerEntryPolicy} and {@link LayerTarStream}. A refused or failing layer is not read to its end:
 * only when at most {@value #BLAME_DRAIN_BYTES} bytes of it remain are they read to tell a corrupt
 * download (digest mismatch, the real cause) from a hostile layer.
 */
final class LayerExtractor {

  static final long BLAME_DRAIN_BYTES = 1 << 20;

  private LayerExtractor() {}

  /**
   * Extracts {@code layer}; returns the uncompressed bytes it had. {@code diskBudget}: the most
   * uncompressed bytes that may still be written.
   */
  static long extract(
      ImageSource source,
      Descriptor layer,
      OciDigest diffId,
      Path objects,
      LayerLimits limits,
      long diskBudget)
      throws IOException {
    LayerEntryPolicy policy = new LayerEntryPolicy(limits);
    long ratioCap = limits.maxUncompressed(layer.size());
    try (InputStream raw = source.blob(layer);
        DigestingInputStream compressed =
            new DigestingInputStream(new BufferedInputStream(raw, 65536))) {
      InputStream plain =
          layer.gzipLayer() ? new GzipCompressorInputStream(compressed, true) : compressed;
      DigestingInputStream uncompressed =
          new DigestingInputStream(new Capped(plain, layer, ratioCap, limits, diskBudget));
      LayerTarStream tar = LayerTarStream.of(uncompressed, limits);
      try {
        for (TarArchiveEntry e = tar.next(); e != null; e = tar.next()) {
          Optional<String> object = policy.check(LayerTarStream.toLayerEntry(e));
          if (object.isPresent()) {
            write(tar, e, objects, object.get());
          }
        }
        uncompressed.drainAndVerify(
            "layer " + layer.digest() + " (uncompressed, diff_id)", diffId, -1);
      } catch (IOException | RuntimeException e) {
        blameDigest(compressed, layer, e);
      }
      compressed.drainAndVerify("layer blob " + layer.digest(), layer.digest(), layer.size());
      return uncompressed.count();
    }
  }

  /**
   * A layer that fails to decompress or holds an unsafe entry may simply be corrupt: when the rest
   * is small and the raw bytes do not match the digest, report that (the real cause) with the
   * symptom suppressed. A large rest is not downloaded just to find out (fail fast).
   */
  private static void blameDigest(
      DigestingInputStream compressed, Descriptor layer, Exception symptom) throws IOException {
    if (!(symptom instanceof java.io.InterruptedIOException)
        && layer.size() - compressed.count() <= BLAME_DRAIN_BYTES) {
      try {
        compressed.drainAndVerify("layer blob " + layer.digest(), layer.digest(), layer.size());
      } catch (DigestMismatchException mismatch) {
        if (mismatch != symptom) {
          mismatch.addSuppressed(symptom);
        }
        throw mismatch;
      } catch (IOException | RuntimeException other) {
        if (other != symptom) {
          symptom.addSuppressed(other);
        }
      }
    }
    if (symptom instanceof IOException io) {
      throw io;
    }
    throw (RuntimeException) symptom;
  }

  private static void write(LayerTarStream tar, TarArchiveEntry e, Path objects, String rel)
      throws IOException {
    Path target = objects.resolve(rel);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.createDirectories(target.getParent());
    if (e.isLink()) {
      String linked = LayerEntryPolicy.normalize(e.getLinkName(), e.getName());
      Files.createLink(
          target, objects.resolve(linked.substring(LayerEntryPolicy.OBJECTS.length())));
      return;
    }
    if (e.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(e.getLinkName()));
    } else {
      Files.copy(tar, target);
    }
    Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    if (!e.isSymbolicLink()) {
      Files.setAttribute(target, "unix:mode", e.getMode() & 07777);
    }
  }

  /** The uncompressed stream, stopped past the expansion cap or the disk budget. */
  private static final class Capped extends FilterInputStream {
    private final Descriptor layer;
    private final long ratioCap;
    private final LayerLimits limits;
    private final long diskBudget;
    private long count;

    Capped(InputStream in, Descriptor layer, long ratioCap, LayerLimits limits, long diskBudget) {
      super(in);
      this.layer = layer;
      this.ratioCap = ratioCap;
      this.limits = limits;
      this.diskBudget = diskBudget;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      long room = Math.min(ratioCap, diskBudget) - count + 1;
      int n = in.read(b, off, (int) Math.min(len, Math.max(1, room)));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return read(new byte[(int) Math.min(Math.max(n, 0), 8192)]);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void count(long n) {
      count += n;
      if (count > ratioCap) {
        throw new InvalidImageException(
            "layer "
                + layer.digest()
                + " expands beyond "
                + ratioCap
                + " bytes ("
                + limits.maxExpansion()
                + "x its declared "
                + layer.size()
                + " bytes): refused as a decompression bomb");
      }
      if (count > diskBudget) {
        throw new InvalidImageException(
            "layer "
                + layer.digest()
                + " expands beyond the "
                + diskBudget
                + " bytes the free space of the sysroot leaves for it: refused before the disk"
                + " fills");
      }
    }
  }
}
