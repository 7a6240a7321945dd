package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.openeuler.nestos.api.ConditionType;

/**
 * The condition aggregation never lets Ready be True while Stalled is True (issue 11, item 6:
 * {@code kubectl wait --for=condition=Ready} must not succeed on a stalled object), and changes
 * nothing else.
 */
class ConditionAggregationPropertiesTest {

  @Property(tries = 2000)
  void readyTrueImpliesStalledNotTrue(@ForAll("conditionSets") List<Condition> in) {
    Map<String, Condition> out = byType(ConditionAggregation.consistent(in));
    Condition ready = out.get(ConditionType.READY.value());
    Condition stalled = out.get(ConditionType.STALLED.value());
    if (ready != null && "True".equals(ready.getStatus())) {
      assertThat(stalled == null ? null : stalled.getStatus()).isNotEqualTo("True");
    }
  }

  @Property(tries = 2000)
  void onlyAContradictingReadyChanges(@ForAll("conditionSets") List<Condition> in) {
    List<Condition> out = ConditionAggregation.consistent(in);
    assertThat(out).hasSameSizeAs(in);
    Map<String, Condition> before = byType(in);
    boolean contradiction =
        before.containsKey("Ready")
            && before.containsKey("Stalled")
            && "True".equals(before.get("Ready").getStatus())
            && "True".equals(before.get("Stalled").getStatus());
    for (int i = 0; i < in.size(); i++) {
      if (contradiction && "Ready".equals(in.get(i).getType())) {
        assertThat(out.get(i).getStatus()).isEqualTo("False");
        assertThat(out.get(i).getReason()).isEqualTo(before.get("Stalled").getReason());
        assertThat(out.get(i).getMessage()).isEqualTo(before.get("Stalled").getMessage());
      } else {
        assertThat(out.get(i)).isEqualTo(in.get(i));
      }
    }
  }

  @Provide
  Arbitrary<List<Condition>> conditionSets() {
    Arbitrary<Condition> condition =
        Combinators.combine(
                Arbitraries.of("Ready", "Reconciling", "Stalled", "Degraded"),
                Arbitraries.of("True", "False", "Unknown"),
                Arbitraries.of("RolloutComplete", "SelectorOverlap", "InvalidSpec", "Applied"),
                Arbitraries.strings().alpha().ofMaxLength(8))
            .as(
                (type, status, reason, message) ->
                    new ConditionBuilder()
                        .withType(type)
                        .withStatus(status)
                        .withReason(reason)
                        .withMessage(message)
                        .withObservedGeneration(3L)
                        .build());
    return condition.list().ofMaxSize(4).uniqueElements(Condition::getType);
  }

  private static Map<String, Condition> byType(List<Condition> cs) {
    return cs.stream().collect(Collectors.toMap(Condition::getType, Function.identity()));
  }
}
