package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.operator.core.rollout.Expectation;
import org.openeuler.nestos.operator.core.rollout.Expectation.Kind;

/**
 * The in-memory expectations store of {@link Expectations}: confirmed uncordons and plans made from
 * a basis.
 */
class ExpectationsStoreTest {

  private static final Instant AT = Instant.parse("2026-11-27T00:00:00Z");

  private static Expectation e(String node, Kind kind) {
    return new Expectation(node, kind, "rev", null, AT, "uid-" + node);
  }

  @Test
  void aConfirmedUncordonBecomesUncordonedOnlyForThatNode() {
    Expectations store = new Expectations();
    store.set("osv", List.of(e("a", Kind.UNCORDON), e("b", Kind.UNCORDON), e("c", Kind.CORDON)));
    store.confirmUncordon("osv", "a");
    store.confirmUncordon("osv", "c"); // no uncordon expected there: unchanged
    assertThat(store.of("osv"))
        .containsExactly(e("a", Kind.UNCORDONED), e("b", Kind.UNCORDON), e("c", Kind.CORDON));
  }

  @Test
  void aFailedUncordonIsDroppedAndNeverConfirmed() {
    Expectations store = new Expectations();
    store.set("osv", List.of(e("a", Kind.UNCORDON)));
    store.drop("osv", "a", Kind.UNCORDON);
    store.confirmUncordon("osv", "a");
    assertThat(store.of("osv")).isEmpty();
  }

  @Test
  void aPlanMadeFromABasisDoesNotBringBackWhatWasDroppedMeanwhile() {
    Expectations store = new Expectations();
    List<Expectation> basis = List.of(e("a", Kind.CORDON), e("b", Kind.CORDON));
    store.set("osv", basis);
    store.drop("osv", "a", Kind.CORDON); // a drain was blocked while the pass planned
    store.set("osv", basis, List.of(e("a", Kind.CORDON), e("b", Kind.CORDON), e("c", Kind.GRANT)));
    assertThat(store.of("osv")).containsExactly(e("b", Kind.CORDON), e("c", Kind.GRANT));
  }

  @Test
  void anUncordonConfirmedWhileAPassPlannedStaysConfirmed() {
    Expectations store = new Expectations();
    List<Expectation> basis = List.of(e("a", Kind.UNCORDON), e("b", Kind.UNCORDON));
    store.set("osv", basis);
    store.confirmUncordon("osv", "a"); // the write returned while the next pass planned
    store.set("osv", basis, List.of(e("a", Kind.UNCORDON), e("b", Kind.UNCORDON)));
    assertThat(store.of("osv")).containsExactly(e("a", Kind.UNCORDONED), e("b", Kind.UNCORDON));
  }
}
