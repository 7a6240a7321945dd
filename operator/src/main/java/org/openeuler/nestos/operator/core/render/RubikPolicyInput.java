package org.openeuler.nestos.operator.core.render;

import java.util.Objects;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;

/** A RubikPolicy as the renderer sees it: its name and spec. */
public record RubikPolicyInput(String name, RubikPolicySpec spec) {
  public RubikPolicyInput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
  }

  /** The spec's priority, 0 when unset (the CRD default). */
  public int priority() {
    return spec.priority() == null ? 0 : spec.priority();
  }

  /** The spec's mode, {@code Native} when unset (the CRD default). */
  public RubikPolicySpec.Mode mode() {
    return spec.mode() == null ? RubikPolicySpec.Mode.Native : spec.mode();
  }

  /**
   * Whether the policy folds its kernel prerequisites into NodeState ({@code prerequisites:
   * Manage}).
   */
  public boolean manages() {
    return spec.prerequisites() == RubikPolicySpec.Prerequisites.Manage;
  }

  /** Owner string written into NodeState ({@code RubikPolicy/<name>}). */
  public String owner() {
    return "RubikPolicy/" + name;
  }
}
