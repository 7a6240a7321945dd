package org.openeuler.nestos.operator.core.render;

import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.rubik.core.plan.Features;

/**
 * What a RubikPolicy asks for that its mode does not do (pure): in mode {@code Native}, {@code
 * features.dynMemory} has no effect and {@code features.psi} only turns PSI accounting on; both run
 * only in mode {@code Rubik}. The policy's other features are applied; the status says so (issue 15
 * item 4: the API promised what Native mode ignored, silently).
 */
public final class NativeModeLimits {
  private NativeModeLimits() {}

  /** The Degraded message for {@code spec}, or empty when its mode does everything it asks. */
  public static Optional<String> unsupported(RubikPolicySpec spec) {
    if (spec == null || spec.mode() != RubikPolicySpec.Mode.Native) {
      return Optional.empty();
    }
    List<String> off = Features.notNative(spec.features());
    if (off.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder m = new StringBuilder();
    if (off.contains("dynMemory")) {
      m.append("features.dynMemory has no effect in mode Native (no dynamic memory limits)");
    }
    if (off.contains("psi")) {
      m.append(m.length() == 0 ? "" : "; ")
          .append(
              "features.psi in mode Native only turns PSI accounting on (psi=1), no offline pod"
                  + " is evicted under pressure");
    }
    return Optional.of(
        m.append(": both run only in mode Rubik; the other features are applied").toString());
  }
}
