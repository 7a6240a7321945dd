package org.openeuler.nestos.operator.image;

import org.openeuler.nestos.api.ConditionReason;

/**
 * The pull secret an OSVersion names does not exist, is not a {@code
 * kubernetes.io/dockerconfigjson} secret ({@code Stalled/PullSecretMissing}), or the operator may
 * not read it ({@code Stalled/PullSecretNotAllowed}): reported instead of silently pulling
 * anonymously.
 */
public final class PullSecretMissingException extends RuntimeException {
  private final ConditionReason reason;

  public PullSecretMissingException(String message) {
    this(message, ConditionReason.PULL_SECRET_MISSING);
  }

  public PullSecretMissingException(String message, ConditionReason reason) {
    super(message);
    this.reason = reason;
  }

  /** The condition reason. */
  public ConditionReason reason() {
    return reason;
  }
}
