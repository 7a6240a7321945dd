package org.openeuler.nestos.operator.rollout;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.openeuler.nestos.operator.OperatorConfig;
import org.openeuler.nestos.operator.OperatorRuntime;
import org.openeuler.nestos.operator.Reconcilers;
import org.openeuler.nestos.operator.image.ImageCheck;

/**
 * The operator in its own JVM for {@link RolloutBenchmark}: the production wiring ({@link
 * OperatorRuntime}, every reconciler, production {@link RolloutSettings}, no leader election)
 * against the API server at {@code args[0]}, with only the registry image check replaced. Prints
 * {@code READY}; on the stdin line {@code report} prints one {@code REPORT key=value ...} line of
 * the rollout reconciler's timings; {@code exit} (or EOF) stops it.
 */
public final class OperatorProcess {

  private OperatorProcess() {}

  public static void main(String[] args) throws Exception {
    ConcurrentLinkedQueue<Long> plans = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> reconciles = new ConcurrentLinkedQueue<>();
    AtomicLong statusWrites = new AtomicLong();
    AtomicLong plannedNodes = new AtomicLong();
    RolloutTimings timings =
        new RolloutTimings() {
          @Override
          public void planned(long nanos, int nodes) {
            plans.add(nanos);
            plannedNodes.accumulateAndGet(nodes, Math::max);
          }

          @Override
          public void reconciled(long nanos) {
            reconciles.add(nanos);
          }

          @Override
          public void statusWritten() {
            statusWrites.incrementAndGet();
          }
        };
    // args[0]: the stand-in's URL, or the real control plane's kubeconfig file. The stand-in's
    // config is not auto-configured: without a token (the stand-in has no authentication) fabric8's
    // TokenRefreshInterceptor re-runs the auto-configuration (system properties, environment,
    // ~/.kube/config) before every request, 8% of the operator's allocations in a profile; an
    // in-cluster operator has its service account token and refreshes once a minute
    io.fabric8.kubernetes.client.Config base =
        args[0].startsWith("http")
            ? new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(args[0])
                .build()
            : io.fabric8.kubernetes.client.Config.fromKubeconfig(
                null, java.nio.file.Files.readString(java.nio.file.Path.of(args[0])), args[0]);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(base)
                    .withNamespace("default")
                    .withUserAgent(RolloutHarness.OPERATOR_AGENT)
                    .build())
            .withKubernetesSerialization(org.openeuler.nestos.api.LenientResources.serialization())
            .build();
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(), "--leader-election=false", "--metrics-port=0", "--identity=bench");
    OperatorRuntime runtime =
        OperatorRuntime.start(
            client,
            config,
            Clock.systemUTC(),
            () -> {},
            new Reconcilers.Overrides(
                (image, secret) ->
                    new ImageCheck.Available("43.1", "c0ffee", "sha256:" + "d".repeat(64)),
                timings));
    System.out.println("READY");
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("exit")) {
      if (line.equals("report")) {
        System.out.printf(
            "REPORT plannerP50=%.2f plannerP99=%.2f plannerMax=%.2f passes=%d nodes=%d "
                + "reconcileP50=%.1f reconcileP99=%.1f reconciles=%d statusWrites=%d%n",
            RolloutBenchmark.pct(plans, 50),
            RolloutBenchmark.pct(plans, 99),
            RolloutBenchmark.pct(plans, 100),
            plans.size(),
            plannedNodes.get(),
            RolloutBenchmark.pct(reconciles, 50),
            RolloutBenchmark.pct(reconciles, 99),
            reconciles.size(),
            statusWrites.get());
        System.out.flush();
      }
    }
    runtime.close();
    System.exit(0);
  }
}
