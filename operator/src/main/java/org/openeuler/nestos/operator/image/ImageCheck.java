package org.openeuler.nestos.operator.image;

import org.openeuler.nestos.api.ConditionReason;

/** What the registry says about an OSVersion's image. */
public sealed interface ImageCheck {

  /**
   * The image exists for the nodes' platform and is an ostree-native bootable image.
   *
   * @param version its {@code org.opencontainers.image.version} label (or null)
   * @param commit the ostree commit it carries
   */
  record Available(String version, String commit, String manifestDigest) implements ImageCheck {}

  /**
   * Not usable: {@code reason} is the condition message, {@code code} the condition reason ({@code
   * Stalled/ImageUnavailable}, {@code Stalled/PullSecretMissing} or {@code
   * Stalled/PullSecretNotAllowed}).
   */
  /**
   * Not checked, and the rollout proceeds: the check is turned off ({@code RegistryCheckDisabled})
   * or the operator cannot reach the registry ({@code RegistryUnreachable}); shown as {@code
   * ImageVerified=False} with {@code reason} as its message.
   */
  record Unchecked(String reason, ConditionReason code) implements ImageCheck {}

  record Unavailable(String reason, ConditionReason code) implements ImageCheck {
    public Unavailable(String reason) {
      this(reason, ConditionReason.IMAGE_UNAVAILABLE);
    }
  }
}
