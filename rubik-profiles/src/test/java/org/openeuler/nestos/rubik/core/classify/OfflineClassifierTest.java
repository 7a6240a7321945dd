package org.openeuler.nestos.rubik.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.rubik.core.plan.Fixtures.matchLabels;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.OfflineSelector;
import org.openeuler.nestos.rubik.core.classify.Classification.Reason;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

/** rubik {@code podinfo.go Offline()}: annotation OR label "true"; plus the policy's selectors. */
class OfflineClassifierTest {
  static final Map<String, Map<String, String>> NS = Map.of("batch", Map.of("tier", "batch"));

  static PodSnapshot pod(
      QosClass q, Map<String, String> labels, Map<String, String> anno, String ns) {
    return new PodSnapshot("u", ns, "p", q, labels, anno, List.of(), "Running");
  }

  static Reason reason(PodSnapshot p, OfflineSelector s) {
    return OfflineClassifier.classify(p, s, NS).reason();
  }

  @Test
  void rubikMarkerAsAnnotationOrLabel() {
    var mark = Map.of("volcano.sh/preemptable", "true");
    assertThat(reason(pod(QosClass.BestEffort, Map.of(), mark, "a"), null))
        .isEqualTo(Reason.PREEMPTABLE_ANNOTATION);
    assertThat(reason(pod(QosClass.Burstable, mark, Map.of(), "a"), null))
        .isEqualTo(Reason.PREEMPTABLE_LABEL);
    assertThat(
            reason(
                pod(QosClass.Burstable, Map.of(), Map.of("volcano.sh/preemptable", "yes"), "a"),
                null))
        .isEqualTo(Reason.ONLINE);
    assertThat(
            OfflineClassifier.classify(pod(QosClass.Burstable, mark, Map.of(), "a"), null, NS)
                .offline())
        .isTrue();
  }

  @Test
  void guaranteedIsNeverOffline() {
    var c =
        OfflineClassifier.classify(
            pod(QosClass.Guaranteed, Map.of(), Map.of("volcano.sh/preemptable", "true"), "batch"),
            new OfflineSelector(new LabelSelector(), new LabelSelector()),
            NS);
    assertThat(c.offline()).isFalse();
    assertThat(c.reason()).isEqualTo(Reason.GUARANTEED);
  }

  @Test
  void operatorResolvedNamespacesDecideAloneWhenPresent() {
    var sel = new OfflineSelector(null, matchLabels("tier", "batch"));
    var inList = pod(QosClass.Burstable, Map.of(), Map.of(), "spark");
    assertThat(OfflineClassifier.classify(inList, sel, Set.of("spark"), Map.of()).reason())
        .isEqualTo(Reason.NAMESPACE_SELECTOR);
    // "batch" matches by labels, but the resolved list (here empty: nothing matched, or too many)
    // wins
    var byLabels = pod(QosClass.Burstable, Map.of(), Map.of(), "batch");
    assertThat(OfflineClassifier.classify(byLabels, sel, Set.of(), NS).reason())
        .isEqualTo(Reason.ONLINE);
    assertThat(OfflineClassifier.classify(byLabels, sel, null, NS).reason())
        .isEqualTo(Reason.NAMESPACE_SELECTOR);
    // no namespaceSelector: a stray list does not make pods offline
    assertThat(
            OfflineClassifier.classify(
                    inList, new OfflineSelector(null, null), Set.of("spark"), Map.of())
                .reason())
        .isEqualTo(Reason.ONLINE);
  }

  @Test
  void namespaceMatchImpliesTheNameLabel() {
    assertThat(
            OfflineClassifier.namespaceMatches(
                matchLabels("kubernetes.io/metadata.name", "jobs"), "jobs", null))
        .isTrue();
    assertThat(
            OfflineClassifier.namespaceMatches(
                matchLabels("tier", "batch"), "jobs", Map.of("tier", "batch")))
        .isTrue();
    assertThat(
            OfflineClassifier.namespaceMatches(
                matchLabels("tier", "batch"), "jobs", Map.of("tier", "web")))
        .isFalse();
    assertThat(OfflineClassifier.namespaceMatches(null, "jobs", Map.of())).isFalse();
    assertThat(OfflineClassifier.namespaceMatches(new LabelSelector(), "jobs", Map.of())).isTrue();
  }

  @Test
  void selectorsAndExplicitOptOut() {
    var sel = new OfflineSelector(matchLabels("app", "spark"), matchLabels("tier", "batch"));
    assertThat(reason(pod(QosClass.Burstable, Map.of("app", "spark"), Map.of(), "a"), sel))
        .isEqualTo(Reason.POD_SELECTOR);
    assertThat(reason(pod(QosClass.Burstable, Map.of(), Map.of(), "batch"), sel))
        .isEqualTo(Reason.NAMESPACE_SELECTOR);
    assertThat(reason(pod(QosClass.Burstable, Map.of(), Map.of(), "web"), sel))
        .isEqualTo(Reason.ONLINE);
    assertThat(
            reason(
                pod(
                    QosClass.Burstable,
                    Map.of("app", "spark"),
                    Map.of("volcano.sh/preemptable", "false"),
                    "a"),
                sel))
        .isEqualTo(Reason.EXPLICITLY_ONLINE);
    var byName = new OfflineSelector(null, matchLabels("kubernetes.io/metadata.name", "jobs"));
    assertThat(reason(pod(QosClass.BestEffort, Map.of(), Map.of(), "jobs"), byName))
        .isEqualTo(Reason.NAMESPACE_SELECTOR);
    assertThat(
            reason(
                pod(QosClass.BestEffort, Map.of(), Map.of(), "jobs"),
                new OfflineSelector(null, null)))
        .isEqualTo(Reason.ONLINE);
  }

  @Test
  void expressionsAndTheirValidation() {
    var in =
        new LabelSelector(
            List.of(new LabelSelectorRequirement("app", "In", List.of("a", "b"))), null);
    assertThat(LabelSelectors.matches(in, Map.of("app", "b"))).isTrue();
    assertThat(LabelSelectors.matches(in, Map.of())).isFalse();
    var bad =
        new LabelSelector(
            List.of(
                new LabelSelectorRequirement("app", "Near", List.of()),
                new LabelSelectorRequirement("x", "Exists", List.of("v"))),
            null);
    assertThat(OfflineClassifier.validate(new OfflineSelector(bad, null)))
        .extracting(e -> e.field())
        .containsExactly(
            "offline.podSelector.matchExpressions[0].operator",
            "offline.podSelector.matchExpressions[1].values");
  }

  static PodSnapshot systemPod(String ns, String priorityClass, Integer priority) {
    return new PodSnapshot(
        "u",
        ns,
        "coredns",
        QosClass.Burstable,
        Map.of("k8s-app", "kube-dns"),
        Map.of("volcano.sh/preemptable", "true"),
        List.of(),
        "Running",
        priorityClass,
        priority);
  }

  @Test
  void systemPodsAreNeverOfflineWhateverMarksThemUnlessThePolicyOptsIn() {
    OfflineSelector everything = new OfflineSelector(new LabelSelector(), new LabelSelector());
    OfflineSelector optIn = new OfflineSelector(new LabelSelector(), new LabelSelector(), true);
    SystemPods sys = new SystemPods(Set.of("nestos-system"));
    for (PodSnapshot p :
        List.of(
            systemPod("kube-system", null, null),
            systemPod("kube-public", null, null),
            systemPod("kube-node-lease", null, null),
            systemPod("nestos-system", null, null),
            systemPod("default", "system-cluster-critical", null),
            systemPod("default", "system-node-critical", null),
            systemPod("default", "custom-critical", 2_000_000_500))) {
      Classification c = OfflineClassifier.classify(p, everything, null, NS, sys);
      assertThat(c.offline()).as(p.namespace() + " " + p.priorityClassName()).isFalse();
      assertThat(c.reason()).isEqualTo(Reason.SYSTEM_POD);
      assertThat(OfflineClassifier.classify(p, optIn, null, NS, sys).offline())
          .as("opted in: " + p.namespace())
          .isTrue();
    }
    // the rubik marker alone (no selector) does not make a system pod offline either
    assertThat(OfflineClassifier.classify(systemPod("kube-system", null, null), null, NS).reason())
        .isEqualTo(Reason.SYSTEM_POD);
    // not system pods: an ordinary namespace, priority class and priority
    assertThat(
            OfflineClassifier.classify(
                    systemPod("default", "high", 1_000_000), everything, null, NS, sys)
                .offline())
        .isTrue();
    assertThat(
            OfflineClassifier.classify(systemPod("nestos-system", null, null), everything, NS)
                .offline())
        .as("the operator's namespace is protected only when known")
        .isTrue();
  }
}
