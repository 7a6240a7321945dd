package org.openeuler.nestos.operator.core.rollout;

import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;

/** The disruption grant currently in {@code NodeState.spec.disruption}. */
public record Grant(Allowed allowed, String ticket, String bootID, String revision) {
  /** No grant. */
  public static final Grant NONE = new Grant(Allowed.None, null, null, null);

  public Grant {
    allowed = allowed == null ? Allowed.None : allowed;
  }

  /** A {@code Reboot} grant bound to {@code revision}. */
  public boolean isRebootFor(String revision) {
    return allowed == Allowed.Reboot && revision != null && revision.equals(this.revision);
  }

  /** A {@code Stage} grant bound to {@code revision}. */
  public boolean isStageFor(String revision) {
    return allowed == Allowed.Stage && revision != null && revision.equals(this.revision);
  }
}
