package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The generated CRDs stay compatible with the committed baseline in {@code
 * src/test/resources/compat-baseline/}. After an intended, reviewed change, refresh the baseline by
 * copying {@code target/classes/META-INF/fabric8/*.yml}.
 */
class CrdCompatibilityTest {

  static final java.util.List<String> PLURALS = RealCrds.PLURALS;

  @ParameterizedTest
  @FieldSource("PLURALS")
  void generatedCrdIsCompatibleWithBaseline(String plural) {
    assertThat(CrdCompatibility.compare(RealCrds.baseline(plural), RealCrds.generated(plural)))
        .as(plural)
        .isEmpty();
  }
}
