package org.openeuler.nestos.ostree.core.image;

/**
 * The image is not an ostree-native container image we can import, an OCI document is malformed, or
 * a layer entry is unsafe; says why.
 */
public final class InvalidImageException extends IllegalArgumentException {

  public InvalidImageException(String message) {
    super(message);
  }
}
