package org.openeuler.nestos.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.PsiPressure;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.operator.core.pressure.EvictionThrottle;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.ops.OperatorMetrics;

/**
 * PSI eviction on the real control plane (kube-apiserver, etcd, kube-controller-manager's
 * disruption controller): a pressured node loses one offline pod through the Eviction API; the
 * youngest offline pod, guarded by a PodDisruptionBudget that allows no disruption, is refused
 * (429) and skipped for the next; online pods stay; the node's cooldown holds the next eviction.
 */
class PsiEvictionKubeIT {
  static final String NS = "psi-it";
  static final String NODE = "psi-it-node";
  static RealControlPlane cp;
  static KubernetesClient admin;

  @BeforeAll
  static void up() {
    cp = RealControlPlane.shared();
    admin = cp.newAdminClient("psi-eviction-it");
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    admin
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build())
        .serverSideApply();
  }

  @AfterAll
  static void down() {
    admin.pods().inNamespace(NS).withGracePeriod(0).delete();
    admin.policy().v1().podDisruptionBudget().inNamespace(NS).delete();
    admin.nodes().withName(NODE).delete();
    admin.close();
  }

  static void runningPod(String name, boolean offline, String app) throws InterruptedException {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withLabels(Map.of("app", app))
            .withAnnotations(Map.of("volcano.sh/preemptable", Boolean.toString(offline)))
            .endMetadata()
            .withNewSpec()
            .withNodeName(NODE)
            .addNewContainer()
            .withName("c")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .build();
    admin.pods().inNamespace(NS).resource(pod).create();
    Pod created = admin.pods().inNamespace(NS).withName(name).get();
    // no kubelet here: the test reports the pod running and ready, as a kubelet would
    created.setStatus(
        new PodStatusBuilder(created.getStatus())
            .withPhase("Running")
            .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
            .build());
    admin.pods().inNamespace(NS).resource(created).updateStatus();
    Thread.sleep(1100); // creation timestamps have second resolution: the order is by age
  }

  static NodeState pressured() {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    NodeState ns = new NodeState();
    ns.setMetadata(new ObjectMetaBuilder().withName(NODE).build());
    ns.setSpec(
        new org.openeuler.nestos.api.v1alpha1.NodeStateSpec(
            NODE,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            List.of(),
            new RubikProfile(
                "psi-it",
                RubikPolicySpec.Mode.Native,
                null,
                new RubikFeatures(true, false, false, false, false, true)),
            null,
            null));
    ns.setStatus(
        new NodeStateStatus(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new RubikSummary(
                List.of(),
                1,
                2,
                List.of(),
                List.of(),
                null,
                new PsiPressure("cpu", 42.0, 5.0, "node", now, now),
                null),
            null,
            null,
            null));
    return ns;
  }

  @Test
  void aPdbGuardedOfflinePodIsSkippedTheNextOneEvictedOnlineOnesStay() throws Exception {
    runningPod("web", false, "web");
    runningPod("batch-old", true, "batch");
    runningPod("batch-guarded", true, "guarded");
    PodDisruptionBudget pdb =
        new PodDisruptionBudgetBuilder()
            .withNewMetadata()
            .withName("guarded")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withMinAvailable(new IntOrString(1))
            .withNewSelector()
            .withMatchLabels(Map.of("app", "guarded"))
            .endSelector()
            .endSpec()
            .build();
    admin.policy().v1().podDisruptionBudget().inNamespace(NS).resource(pdb).create();
    // the disruption controller publishes what the budget allows (0: one healthy, one required)
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var p =
                  admin
                      .policy()
                      .v1()
                      .podDisruptionBudget()
                      .inNamespace(NS)
                      .withName("guarded")
                      .get();
              return p.getStatus() != null
                  && p.getStatus().getObservedGeneration() != null
                  && p.getStatus().getObservedGeneration() >= p.getMetadata().getGeneration()
                  && p.getStatus().getCurrentHealthy() == 1;
            });
    RubikPolicy rp = new RubikPolicy();
    rp.setMetadata(new ObjectMetaBuilder().withName("psi-it").withUid("psi-it-uid").build());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PsiEvictions evictions =
        new PsiEvictions(
            admin,
            new EventRecorder(admin, Clock.systemUTC(), "nestos-operator"),
            new OperatorMetrics(registry),
            Clock.systemUTC(),
            new EvictionThrottle(Duration.ofSeconds(30), 10),
            "nestos-system");

    Optional<Duration> again = evictions.run(rp, List.of(pressured()));

    assertThat(again).contains(Duration.ofSeconds(30));
    assertThat(terminating("batch-old")).isTrue();
    assertThat(terminating("batch-guarded")).isFalse();
    assertThat(terminating("web")).isFalse();
    assertThat(
            registry
                .counter("nestos_psi_evictions", "policy", "psi-it", "result", "blocked")
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .counter("nestos_psi_evictions", "policy", "psi-it", "result", "evicted")
                .count())
        .isEqualTo(1.0);
    assertThat(
            admin.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "psi-it".equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason() + " " + e.getMessage()))
        .anyMatch(
            m ->
                m.startsWith(
                    "OfflinePodEvicted evicted offline pod psi-it/batch-old from node psi-it-node: cpu pressure avg10 42.0"))
        .anyMatch(
            m ->
                m.startsWith("PsiEvictionBlocked")
                    && m.endsWith("refused evicting psi-it/batch-guarded"));

    // the node's cooldown: the pressure lasts, nothing more is evicted yet
    Optional<Duration> wait = evictions.run(rp, List.of(pressured()));
    assertThat(wait).isPresent();
    assertThat(wait.get()).isLessThanOrEqualTo(Duration.ofSeconds(30)).isPositive();
    assertThat(terminating("batch-guarded")).isFalse();
    assertThat(
            registry
                .counter("nestos_psi_evictions", "policy", "psi-it", "result", "evicted")
                .count())
        .isEqualTo(1.0);
  }

  static boolean terminating(String name) {
    Pod p = admin.pods().inNamespace(NS).withName(name).get();
    return p == null || p.getMetadata().getDeletionTimestamp() != null;
  }
}
