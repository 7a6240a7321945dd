package org.openeuler.nestos.ostree.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.openeuler.nestos.ostree.core.image.InvalidImageException;
import org.openeuler.nestos.ostree.core.image.LayerEntry;
import org.openeuler.nestos.ostree.core.image.LayerEntryPolicy;
import org.openeuler.nestos.ostree.core.image.LayerLimits;

/**
 * A layer's tar stream read with bounded memory, and its headers mapped to {@link LayerEntry} by
 * type flag.
 *
 * <p>commons-compress reads a GNU long name ({@code ././@LongLink}) or a PAX record into memory
 * whole, whatever its size, and follows chains of them recursively: 40 long names in a 49 KB gzip
 * layer were an {@code OutOfMemoryError} at the daemon's heap. Here the bytes read while parsing
 * one entry's headers (after the previous entry's data is skipped) are metered: more than {@link
 * LayerLimits#maxHeaderBytes} fails before the rest is read. Global PAX headers ({@code g}) are
 * refused by the same meter and by bounding the extra PAX records an entry may carry (they
 * accumulate across entries). Sparse entries are refused (a few KB expand to gigabytes of zeros).
 *
 * <p>{@link TarArchiveEntry#isFile()} is true for every type flag that is not a directory, so
 * character and block devices and FIFOs looked like regular files and their refusal never fired:
 * the type is taken from the flag itself here, anything but a regular file, directory, symlink or
 * hard link is {@link LayerEntry.Type#OTHER} (refused by the policy).
 */
final class LayerTarStream extends TarArchiveInputStream {

  /** Extra (unknown or xattr) PAX records an entry may carry, and their total size. */
  private static final int MAX_EXTRA_PAX = 64;

  private static final int MAX_EXTRA_PAX_BYTES = 16 * 1024;

  private final Meter meter;
  private final LayerLimits limits;
  private long entries;

  private LayerTarStream(Meter meter, LayerLimits limits) {
    super(meter);
    this.meter = meter;
    this.limits = limits;
  }

  static LayerTarStream of(InputStream uncompressed, LayerLimits limits) {
    return new LayerTarStream(new Meter(uncompressed), limits);
  }

  /** The next entry, checked against the limits; null at the end of the archive. */
  TarArchiveEntry next() throws IOException {
    byte[] skip = new byte[8192];
    while (getCurrentEntry() != null && read(skip, 0, skip.length) >= 0) {
      // the previous entry's unread data is not header metadata
    }
    entries++;
    meter.startHeader(limits.maxHeaderBytes(), entries);
    TarArchiveEntry e;
    try {
      e = getNextEntry();
    } finally {
      meter.endHeader();
    }
    if (e == null) {
      return null;
    }
    if (e.isSparse() || e.getLinkFlag() == TarConstants.LF_GNUTYPE_SPARSE) {
      throw new InvalidImageException(
          "layer entry "
              + LayerEntryPolicy.printable(e.getName())
              + " is a sparse file (refused: a few bytes of it expand to "
              + e.getRealSize()
              + " bytes)");
    }
    int extra = e.getExtraPaxHeaders().size();
    long extraBytes =
        e.getExtraPaxHeaders().entrySet().stream()
            .mapToLong(x -> x.getKey().length() + (long) x.getValue().length())
            .sum();
    if (extra > MAX_EXTRA_PAX || extraBytes > MAX_EXTRA_PAX_BYTES) {
      throw new InvalidImageException(
          "layer entry "
              + LayerEntryPolicy.printable(e.getName())
              + " carries "
              + extra
              + " extra PAX records of "
              + extraBytes
              + " bytes (at most "
              + MAX_EXTRA_PAX
              + " and "
              + MAX_EXTRA_PAX_BYTES
              + ")");
    }
    return e;
  }

  @Override
  protected byte[] getLongNameData() throws IOException {
    TarArchiveEntry longName = getCurrentEntry();
    if (longName != null && longName.getSize() > limits.maxNameBytes()) {
      throw new InvalidImageException(
          "layer entry #"
              + entries
              + ": a GNU long name of "
              + longName.getSize()
              + " bytes (at most "
              + limits.maxNameBytes()
              + ")");
    }
    return super.getLongNameData();
  }

  /** The entry as the policy sees it: its kind from the type flag, never from {@code isFile()}. */
  static LayerEntry toLayerEntry(TarArchiveEntry e) {
    LayerEntry.Type type =
        switch (e.getLinkFlag()) {
          case TarConstants.LF_LINK -> LayerEntry.Type.HARDLINK;
          case TarConstants.LF_SYMLINK -> LayerEntry.Type.SYMLINK;
          case TarConstants.LF_DIR -> LayerEntry.Type.DIRECTORY;
          case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM ->
              e.getName().endsWith("/") ? LayerEntry.Type.DIRECTORY : LayerEntry.Type.FILE;
          default -> LayerEntry.Type.OTHER;
        };
    return new LayerEntry(
        e.getName(),
        type,
        type == LayerEntry.Type.HARDLINK || type == LayerEntry.Type.SYMLINK
            ? e.getLinkName()
            : null);
  }

  /** Counts the bytes read while one entry's headers are parsed, and stops past the budget. */
  private static final class Meter extends FilterInputStream {
    private long budget = -1;
    private long limit;
    private long entry;

    Meter(InputStream in) {
      super(in);
    }

    void startHeader(long bytes, long entryNumber) {
      budget = bytes;
      limit = bytes;
      entry = entryNumber;
    }

    void endHeader() {
      budget = -1;
    }

    private void charge(long n) {
      if (budget < 0 || n <= 0) {
        return;
      }
      budget -= n;
      if (budget < 0) {
        throw new InvalidImageException(
            "layer entry #"
                + entry
                + ": its tar headers (GNU long names, PAX records) exceed "
                + limit
                + " bytes");
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      charge(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, budget < 0 ? len : (int) Math.min(len, budget + 1));
      charge(n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = in.skip(budget < 0 ? n : Math.min(n, budget + 1));
      charge(s);
      return s;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
