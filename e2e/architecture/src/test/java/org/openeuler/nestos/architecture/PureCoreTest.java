package org.openeuler.nestos.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** Keeps the pure packages of every module pure, and proves the rules bite. */
class PureCoreTest {

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.openeuler.nestos");

  private static final JavaClasses IMPURE_FIXTURE =
      new ClassFileImporter().importPackages("org.openeuler.nestos.architecture.fixture");

  @Test
  void productionCorePackagesArePure() {
    for (ArchRule rule : PureCoreRules.ALL) {
      rule.allowEmptyShould(true).check(PRODUCTION);
    }
  }

  @Test
  void everyRuleCatchesTheImpureFixture() {
    for (ArchRule rule : PureCoreRules.ALL) {
      EvaluationResult result = rule.evaluate(IMPURE_FIXTURE);
      assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    }
  }

  @Test
  void theRulesSeeTheProjectsClasses() {
    assertThat(PRODUCTION.stream().map(c -> c.getPackageName()))
        .anySatisfy(p -> assertThat(p).startsWith("org.openeuler.nestos.api"))
        .anySatisfy(p -> assertThat(p).startsWith("org.openeuler.nestos.apiserver.patch"))
        .anySatisfy(p -> assertThat(p).startsWith("org.openeuler.nestos.api.validation"));
  }
}
