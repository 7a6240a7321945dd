package org.openeuler.nestos.operator.image;

/**
 * The pull secret an OSVersion names does not exist or is not a {@code
 * kubernetes.io/dockerconfigjson} secret: reported as {@code Stalled/PullSecretMissing} instead of
 * silently pulling anonymously.
 */
public final class PullSecretMissingException extends RuntimeException {
  public PullSecretMissingException(String message) {
    super(message);
  }
}
