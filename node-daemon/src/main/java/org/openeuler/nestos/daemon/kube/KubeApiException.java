package org.openeuler.nestos.daemon.kube;

/**
 * A refused API request: the HTTP status {@link #code()} (404, 409, 410, 429, 5xx, ...) and the API
 * server's message; {@code code() == 0} when no response arrived (connection refused, reset, timed
 * out).
 */
public final class KubeApiException extends RuntimeException {

  private final int code;

  public KubeApiException(int code, String message) {
    super(message);
    this.code = code;
  }

  public KubeApiException(String message, Throwable cause) {
    super(message, cause);
    this.code = 0;
  }

  /** The HTTP status, 0 when the request got no response. */
  public int code() {
    return code;
  }

  /** Whether trying again later may succeed (no response, 429, 5xx). */
  public boolean transientFailure() {
    return code == 0 || code == 429 || code >= 500;
  }
}
