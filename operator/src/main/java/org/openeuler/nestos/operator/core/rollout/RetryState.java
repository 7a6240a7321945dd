package org.openeuler.nestos.operator.core.rollout;

import java.time.Instant;

/**
 * The retry handshake: the {@code nestos.openeuler.org/retry} annotation's token, {@code
 * status.lastHandledRetry} and when that token was acknowledged. Failures older than the
 * acknowledgement are forgiven (they stay listed but no longer count against maxFailures), so the
 * tally stays derived from NodeStates rather than incremented.
 *
 * @param requested the annotation's token, or null
 * @param lastHandled {@code status.lastHandledRetry}, or null
 * @param handledAt when {@code lastHandled} was acknowledged, or null
 */
public record RetryState(String requested, String lastHandled, Instant handledAt) {
  /** No retry ever asked. */
  public static final RetryState NONE = new RetryState(null, null, null);

  /** The annotation carries a token not acknowledged yet. */
  public boolean pending() {
    return requested != null && !requested.isBlank() && !requested.equals(lastHandled);
  }
}
