package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.render.Fx.expr;
import static org.openeuler.nestos.operator.core.render.Fx.labels;
import static org.openeuler.nestos.operator.core.render.Fx.sel;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorsTest {
  private static final Map<String, String> NODE = labels("pool=gpu", "zone=a", "edge=");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("empty selects all", new LabelSelector(), true),
        Arguments.of("null selects none", null, false),
        Arguments.of("matchLabels hit", sel("pool=gpu"), true),
        Arguments.of("matchLabels miss value", sel("pool=cpu"), false),
        Arguments.of("matchLabels all ANDed", sel("pool=gpu", "zone=b"), false),
        Arguments.of("matchLabels empty value", sel("edge="), true),
        Arguments.of("In hit", expr("zone", "In", "a", "b"), true),
        Arguments.of("In miss", expr("zone", "In", "b"), false),
        Arguments.of("In absent key", expr("rack", "In", "1"), false),
        Arguments.of("In without values invalid", expr("zone", "In"), false),
        Arguments.of("NotIn hit", expr("zone", "NotIn", "b"), true),
        Arguments.of("NotIn miss", expr("zone", "NotIn", "a"), false),
        Arguments.of("NotIn absent key matches", expr("rack", "NotIn", "1"), true),
        Arguments.of("Exists", expr("edge", "Exists"), true),
        Arguments.of("Exists absent", expr("rack", "Exists"), false),
        Arguments.of("Exists with values invalid", expr("edge", "Exists", "x"), false),
        Arguments.of("DoesNotExist", expr("rack", "DoesNotExist"), true),
        Arguments.of("DoesNotExist present", expr("zone", "DoesNotExist"), false),
        Arguments.of("unknown operator", expr("zone", "Gt", "1"), false),
        Arguments.of(
            "labels and expressions ANDed",
            new LabelSelectorBuilder()
                .withMatchLabels(labels("pool=gpu"))
                .withMatchExpressions(new LabelSelectorRequirement("zone", "In", List.of("b")))
                .build(),
            false),
        Arguments.of(
            "two expressions",
            new LabelSelectorBuilder()
                .withMatchExpressions(
                    new LabelSelectorRequirement("zone", "In", List.of("a")),
                    new LabelSelectorRequirement("rack", "DoesNotExist", null))
                .build(),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches(String name, LabelSelector selector, boolean expected) {
    assertThat(Selectors.matches(selector, NODE)).isEqualTo(expected);
  }
}
