package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.render.Fx.all;
import static org.openeuler.nestos.operator.core.render.Fx.features;
import static org.openeuler.nestos.operator.core.render.Fx.node;
import static org.openeuler.nestos.operator.core.render.Fx.sel;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OfflineSelector;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec.Mode;
import org.openeuler.nestos.api.v1alpha1.RubikPolicyStatus;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;

/**
 * RubikPolicy {@code offline.namespaceSelector} resolved by the renderer into the profile's
 * offlineNamespaces.
 */
class OfflineNamespacesRenderTest {
  private static final List<NodeInfo> NODES =
      List.of(node("n1", "pool=db"), node("n2", "pool=web"));
  private static final Map<String, Map<String, String>> NAMESPACES =
      Map.of(
          "spark", Map.of("tier", "batch"),
          "etl", Map.of("tier", "batch", "team", "data"),
          "web", Map.of("tier", "web"),
          "kube-system", Map.of());

  static RubikPolicyInput rp(
      String name, Mode mode, LabelSelector nodes, LabelSelector namespaces) {
    return new RubikPolicyInput(
        name,
        new RubikPolicySpec(
            nodes,
            0,
            mode,
            new OfflineSelector(null, namespaces),
            features(false, false, false),
            RubikPolicySpec.Prerequisites.Report));
  }

  static RenderResult render(Map<String, Map<String, String>> namespaces, RubikPolicyInput... rps) {
    return NodeStateRenderer.render(
        new RenderInput(NODES, List.of(), List.of(), List.of(rps), Map.of(), namespaces));
  }

  @Test
  void selectorMatchesNamespacesByLabelSortedOnTheNodesThePolicyWins() {
    RenderResult r =
        render(NAMESPACES, rp("batch", Mode.Native, sel("pool=db"), sel("tier=batch")));
    assertThat(r.nodes().get("n1").spec().rubikProfile().offlineNamespaces())
        .containsExactly("etl", "spark");
    assertThat(r.nodes().get("n2").spec().rubikProfile()).isNull();
    assertThat(r.rubikPolicies().get("batch").matchedNamespaces()).isEqualTo(2);
    assertThat(r.rubikPolicies().get("batch").tooManyNamespaces()).isFalse();
  }

  @Test
  void theNameLabelIsImpliedAndMatchExpressionsWork() {
    LabelSelector byName = sel("kubernetes.io/metadata.name=kube-system");
    assertThat(
            render(NAMESPACES, rp("p", Mode.Native, all(), byName))
                .nodes()
                .get("n1")
                .spec()
                .rubikProfile()
                .offlineNamespaces())
        .containsExactly("kube-system");
    assertThat(
            render(NAMESPACES, rp("p", Mode.Native, all(), Fx.expr("tier", "NotIn", "batch")))
                .nodes()
                .get("n2")
                .spec()
                .rubikProfile()
                .offlineNamespaces())
        .containsExactly("kube-system", "web");
  }

  @Test
  void aRelabelChangesTheListAndTheRevisionAndNothingElse() {
    RubikPolicyInput p = rp("batch", Mode.Native, all(), sel("tier=batch"));
    NodeStateSpec before = render(NAMESPACES, p).nodes().get("n1").spec();
    Map<String, Map<String, String>> relabelled = new HashMap<>(NAMESPACES);
    relabelled.put("web", Map.of("tier", "batch"));
    NodeStateSpec after = render(relabelled, p).nodes().get("n1").spec();
    assertThat(after.rubikProfile().offlineNamespaces()).containsExactly("etl", "spark", "web");
    assertThat(after.revision()).isNotEqualTo(before.revision());
    // a namespace the selector does not match changing its labels leaves the revision alone
    relabelled = new HashMap<>(NAMESPACES);
    relabelled.put("web", Map.of("tier", "frontend"));
    relabelled.put("new", Map.of());
    assertThat(render(relabelled, p).nodes().get("n1").spec().revision())
        .isEqualTo(before.revision());
  }

  @Test
  void noNamespaceSelectorOrModeRubikLeavesTheFieldAbsent() {
    RenderResult none = render(NAMESPACES, rp("p", Mode.Native, all(), null));
    assertThat(none.nodes().get("n1").spec().rubikProfile().offlineNamespaces()).isNull();
    assertThat(none.rubikPolicies().get("p").matchedNamespaces()).isEqualTo(-1);
    // the same revision as a profile rendered before the field existed
    RubikProfile p = none.nodes().get("n1").spec().rubikProfile();
    assertThat(none.nodes().get("n1").spec().revision())
        .isEqualTo(
            Revision.of(
                null,
                List.of(),
                List.of(),
                new RubikProfile(p.policyRef(), p.mode(), p.offline(), p.features())));
    RenderResult rubik = render(NAMESPACES, rp("p", Mode.Rubik, all(), sel("tier=batch")));
    assertThat(rubik.nodes().get("n1").spec().rubikProfile().offlineNamespaces()).isNull();
  }

  @Test
  void aSelectorMatchingNothingRendersAnEmptyList() {
    RenderResult r = render(NAMESPACES, rp("p", Mode.Native, all(), sel("tier=none")));
    assertThat(r.nodes().get("n1").spec().rubikProfile().offlineNamespaces()).isEmpty();
    assertThat(r.rubikPolicies().get("p").matchedNamespaces()).isZero();
  }

  @Test
  void tooManyMatchesRenderNoPartialListAndDegradeThePolicy() {
    Map<String, Map<String, String>> many = new HashMap<>();
    for (int i = 0; i <= RubikProfile.MAX_OFFLINE_NAMESPACES; i++) {
      many.put("ns-" + i, Map.of("tier", "batch"));
    }
    RenderResult r = render(many, rp("p", Mode.Native, all(), sel("tier=batch")));
    assertThat(r.nodes().get("n1").spec().rubikProfile().offlineNamespaces()).isEmpty();
    RubikPolicyRender pr = r.rubikPolicies().get("p");
    assertThat(pr.matchedNamespaces()).isEqualTo(RubikProfile.MAX_OFFLINE_NAMESPACES + 1);
    assertThat(pr.tooManyNamespaces()).isTrue();
    RubikPolicyStatus status =
        RubikPolicyStatusAggregator.aggregate("p", 1L, r, Map.of(), null, Instant.EPOCH);
    assertThat(status.conditions())
        .filteredOn(c -> c.getType().equals("Degraded"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("TooManyNamespaces");
              assertThat(c.getMessage()).contains("4097");
            });

    many.remove("ns-0");
    RenderResult fits = render(many, rp("p", Mode.Native, all(), sel("tier=batch")));
    assertThat(fits.nodes().get("n1").spec().rubikProfile().offlineNamespaces())
        .hasSize(RubikProfile.MAX_OFFLINE_NAMESPACES)
        .isSorted();
    assertThat(
            RubikPolicyStatusAggregator.aggregate("p", 1L, fits, Map.of(), null, Instant.EPOCH)
                .conditions())
        .filteredOn(c -> c.getType().equals("Degraded"))
        .singleElement()
        .satisfies(c -> assertThat(c.getReason()).isNotEqualTo("TooManyNamespaces"));
  }
}
