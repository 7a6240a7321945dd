package org.openeuler.nestos.ostree.core.image;

/**
 * What one layer may cost the importer, so that a hostile layer fails with a clear error instead of
 * exhausting the daemon's heap (32 MiB) or the sysroot's disk.
 *
 * @param maxNameBytes longest entry or link name, in UTF-8 bytes ({@code PATH_MAX})
 * @param maxHeaderBytes most bytes of tar metadata (headers, GNU long names, PAX records) read for
 *     one entry; also bounds the nesting of such records
 * @param maxEntries most entries in one layer (the policy's name table stays below 5 MiB)
 * @param maxExpansion most uncompressed bytes per declared (compressed) byte: a decompression bomb
 *     stops there
 * @param expansionSlack uncompressed bytes allowed on top (tar padding of tiny layers)
 */
public record LayerLimits(
    int maxNameBytes, int maxHeaderBytes, int maxEntries, int maxExpansion, long expansionSlack) {

  /** 4 KiB names, 64 KiB of metadata per entry, 250,000 entries, 100x expansion + 16 MiB. */
  public static final LayerLimits DEFAULT =
      new LayerLimits(4096, 64 * 1024, 250_000, 100, 16L << 20);

  public LayerLimits {
    if (maxNameBytes < 256 || maxHeaderBytes < 1024 || maxEntries < 1 || maxExpansion < 1) {
      throw new IllegalArgumentException("layer limits too small");
    }
  }

  public LayerLimits withMaxEntries(int n) {
    return new LayerLimits(maxNameBytes, maxHeaderBytes, n, maxExpansion, expansionSlack);
  }

  /** The most a layer declared as {@code compressedSize} bytes may expand to. */
  public long maxUncompressed(long compressedSize) {
    long scaled =
        compressedSize > Long.MAX_VALUE / maxExpansion
            ? Long.MAX_VALUE
            : compressedSize * maxExpansion;
    return scaled > Long.MAX_VALUE - expansionSlack ? Long.MAX_VALUE : scaled + expansionSlack;
  }
}
