package org.openeuler.nestos.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A java-operator-sdk operator with leader election on: it checks its rights, takes the Lease and
 * reconciles.
 */
class LeaderElectionMockTest {

  static final Set<String> RECONCILED = ConcurrentHashMap.newKeySet();

  @ControllerConfiguration(name = "configmap-probe")
  public static class ProbeReconciler implements Reconciler<ConfigMap> {
    @Override
    public UpdateControl<ConfigMap> reconcile(ConfigMap resource, Context<ConfigMap> context) {
      RECONCILED.add(resource.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
  }

  @Test
  void operatorWithLeaderElectionTakesTheLeaseAndReconciles() {
    try (TestApiServer server = TestApiServer.start();
        KubernetesClient client =
            new KubernetesClientBuilder().withConfig(server.clientConfig()).build()) {
      client
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("probe")
                  .withNamespace("default")
                  .endMetadata()
                  .build())
          .create();

      Operator operator =
          new Operator(
              o ->
                  o.withKubernetesClient(client)
                      .withCloseClientOnStop(false)
                      .withLeaderElectionConfiguration(
                          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                                  "nestos-operator")
                              .withLeaseNamespace("default")
                              .withIdentity("replica-1")
                              .withExitOnStopLeading(false)
                              .build()));
      operator.register(new ProbeReconciler());
      operator.start();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(RECONCILED).contains("probe"));
        var lease = client.leases().inNamespace("default").withName("nestos-operator").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-1");
        assertThat(server.requests().total("create", "selfsubjectrulesreviews")).isPositive();
      } finally {
        operator.stop();
      }
    }
  }
}
