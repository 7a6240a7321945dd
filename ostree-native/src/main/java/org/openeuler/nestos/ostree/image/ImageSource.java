package org.openeuler.nestos.ostree.image;

import java.io.IOException;
import java.io.InputStream;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.OciDigest;

/**
 * Where the importer reads an image from: an OCI layout directory, a registry. Implementations may
 * verify digests themselves; the importer verifies them again while streaming, so a source need not
 * be trusted.
 */
public interface ImageSource {

  /** The raw manifest bytes stored under {@code digest}. */
  byte[] manifest(OciDigest digest) throws IOException;

  /** A stream of the blob {@code blob}; the caller closes it. */
  InputStream blob(Descriptor blob) throws IOException;
}
