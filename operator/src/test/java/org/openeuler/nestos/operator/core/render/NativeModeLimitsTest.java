package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec.Mode;

class NativeModeLimitsTest {

  static RubikPolicySpec spec(Mode mode, boolean dynMemory, boolean psi) {
    return new RubikPolicySpec(
        null, 0, mode, null, new RubikFeatures(true, false, false, false, dynMemory, psi), null);
  }

  @Test
  void nativeModeSaysWhatItDoesNotDo() {
    assertThat(NativeModeLimits.unsupported(spec(Mode.Native, false, false))).isEmpty();
    assertThat(NativeModeLimits.unsupported(spec(Mode.Native, true, false)))
        .hasValueSatisfying(
            m -> assertThat(m).startsWith("features.dynMemory has no effect in mode Native"));
    assertThat(NativeModeLimits.unsupported(spec(Mode.Native, true, true)))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("dynMemory")
                    .contains("features.psi in mode Native only turns PSI accounting on")
                    .endsWith("both run only in mode Rubik; the other features are applied"));
  }

  @Test
  void rubikModeDoesThemAll() {
    assertThat(NativeModeLimits.unsupported(spec(Mode.Rubik, true, true))).isEmpty();
    assertThat(NativeModeLimits.unsupported(null)).isEmpty();
  }
}
