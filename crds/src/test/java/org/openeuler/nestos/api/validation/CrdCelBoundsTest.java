package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every list, map and string a CEL rule of the real CRDs can reach is bounded; every rule compiles;
 * every default value is valid as written.
 */
class CrdCelBoundsTest {

  static final java.util.List<String> PLURALS = RealCrds.PLURALS;

  @ParameterizedTest
  @FieldSource("PLURALS")
  void everythingReachableByCelIsBounded(String plural) {
    assertThat(CelCostBounds.unboundedPaths(RealCrds.generated(plural))).as(plural).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("PLURALS")
  void everyRuleCompiles(String plural) {
    assertThat(CrdSchema.servedVersions(RealCrds.generated(plural)))
        .allSatisfy(s -> assertThat(s.compilationErrors()).as(plural).isEmpty());
  }

  /**
   * The apiserver refuses a CRD whose default values fail their own schema or rules as written
   * (before the defaults inside them apply): it refused ours until 91e1179 guarded two rules.
   */
  @ParameterizedTest
  @FieldSource("PLURALS")
  void everyDefaultIsValidAsWritten(String plural) {
    assertThat(CrdSchema.servedVersions(RealCrds.generated(plural)))
        .allSatisfy(s -> assertThat(s.defaultErrors()).as(plural).isEmpty());
  }
}
