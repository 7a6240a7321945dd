package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GlobalCapacityTest {

  static Expectation e(String node, Expectation.Kind kind) {
    return new Expectation(node, kind, "r1", null, Nodes.NOW);
  }

  @Test
  void othersIssuedCordonsAndGrantsCountBeforeTheCacheShowsThem() {
    assertThat(GlobalCapacity.left(2, Set.of(), List.of())).isEqualTo(2);
    assertThat(GlobalCapacity.left(2, Set.of("a"), List.of())).isEqualTo(1);
    assertThat(GlobalCapacity.left(2, Set.of(), List.of(e("b", Expectation.Kind.CORDON))))
        .as("a cordon the cache does not show yet")
        .isEqualTo(1);
    assertThat(GlobalCapacity.left(3, Set.of("a"), List.of(e("b", Expectation.Kind.GRANT))))
        .isEqualTo(1);
  }

  @Test
  void aNodeCountsOnceWhetherTheCacheOrAnOrderOrBothShowIt() {
    assertThat(
            GlobalCapacity.left(
                2,
                Set.of("a"),
                List.of(e("a", Expectation.Kind.CORDON), e("a", Expectation.Kind.GRANT))))
        .isEqualTo(1);
  }

  @Test
  void ordersThatFreeOrDoNotDisruptAreNotHeld() {
    assertThat(
            GlobalCapacity.left(
                2,
                Set.of(),
                List.of(
                    e("a", Expectation.Kind.STAGE),
                    e("b", Expectation.Kind.UNCORDON),
                    e("c", Expectation.Kind.UNCORDONED))))
        .isEqualTo(2);
  }

  @Test
  void neverBelowZeroAndUncappedStaysUncapped() {
    assertThat(GlobalCapacity.left(1, Set.of("a", "b"), List.of(e("c", Expectation.Kind.CORDON))))
        .isZero();
    assertThat(
            GlobalCapacity.left(
                Integer.MAX_VALUE, Set.of("a"), List.of(e("b", Expectation.Kind.CORDON))))
        .isEqualTo(Integer.MAX_VALUE);
  }
}
