package org.openeuler.nestos.ostree.registry;

import java.net.http.HttpTimeoutException;

/**
 * A response body stopped arriving: no byte for the idle timeout ({@link Kind#STALLED}), or the
 * whole transfer took longer than its deadline ({@link Kind#DEADLINE}). The download is cancelled
 * (its connection closed) before this is thrown; it is not retried.
 */
public class TransferTimeoutException extends HttpTimeoutException {

  /** Which limit ran out. */
  public enum Kind {
    STALLED,
    DEADLINE
  }

  private final Kind kind;

  public TransferTimeoutException(String message, Kind kind) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
