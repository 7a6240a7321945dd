package org.openeuler.nestos.ostree.registry;

import java.io.IOException;

/**
 * A registry answered with an error, or its content failed verification. {@code status} is the HTTP
 * status (0 when none applies); {@code code} the Distribution API error code when the registry sent
 * one.
 */
public class RegistryException extends IOException {

  private final int status;
  private final String code;

  public RegistryException(String message, int status, String code) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  /** The first error code of the registry's error body (e.g. {@code MANIFEST_UNKNOWN}), or null. */
  public String code() {
    return code;
  }

  /** Whether retrying the same request may succeed (429 and 5xx). */
  public boolean retryable() {
    return false;
  }
}
