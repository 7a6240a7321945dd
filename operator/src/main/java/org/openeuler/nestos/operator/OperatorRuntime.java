package org.openeuler.nestos.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openeuler.nestos.api.LenientResources;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.nodestate.FabricNodeStateSpecs;
import org.openeuler.nestos.operator.ops.OperatorEndpoints;
import org.openeuler.nestos.operator.ops.OperatorMetrics;
import org.openeuler.nestos.operator.ops.ProcessMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: the JOSDK {@link Operator} (Lease leader election; JOSDK starts reconciling
 * only once this instance leads and its informers synced), the reconcilers ({@link Reconcilers}),
 * Micrometer Prometheus metrics (JOSDK's reconcile metrics and {@code nestos_*}) and {@link
 * OperatorEndpoints}. {@link #close()} stops reconciling, waits for reconciles in flight, stops the
 * reconcilers' own workers (drains), releases the Lease if this instance holds it (so a follower
 * takes over at its next retry instead of after the lease duration), closes the client and stops
 * the endpoints.
 */
public final class OperatorRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  private final Operator operator;
  private final OperatorEndpoints endpoints;
  private final PrometheusMeterRegistry registry;
  private final ProcessMetrics process;
  private final List<Reconciler<?>> reconcilers;
  private final FabricNodeStateSpecs specs;
  private final AtomicBoolean closing;
  private final KubernetesClient client;
  private final OperatorConfig config;

  private OperatorRuntime(
      Operator operator,
      OperatorEndpoints endpoints,
      PrometheusMeterRegistry registry,
      ProcessMetrics process,
      List<Reconciler<?>> reconcilers,
      FabricNodeStateSpecs specs,
      AtomicBoolean closing,
      KubernetesClient client,
      OperatorConfig config) {
    this.closing = closing;
    this.client = client;
    this.config = config;
    this.operator = operator;
    this.endpoints = endpoints;
    this.registry = registry;
    this.process = process;
    this.reconcilers = reconcilers;
    this.specs = specs;
  }

  /** Builds, registers and starts everything; the client is closed by {@link #close()}. */
  public static OperatorRuntime start(KubernetesClient client, OperatorConfig config, Clock clock) {
    return start(client, config, clock, () -> {});
  }

  /**
   * @param lostLeadership run when this instance stops leading while not being closed (production:
   *     exit, so the Deployment restarts it as a follower). JOSDK's own exit on lost leadership is
   *     off: it would also fire from {@link #close()} in a shutdown hook, where {@code System.exit}
   *     blocks forever.
   */
  public static OperatorRuntime start(
      KubernetesClient client, OperatorConfig config, Clock clock, Runnable lostLeadership) {
    return start(client, config, clock, lostLeadership, Reconcilers.Overrides.NONE);
  }

  /**
   * {@link #start(KubernetesClient, OperatorConfig, Clock, Runnable)} with benchmark {@code
   * overrides}.
   */
  public static OperatorRuntime start(
      KubernetesClient client,
      OperatorConfig config,
      Clock clock,
      Runnable lostLeadership,
      Reconcilers.Overrides overrides) {
    if (!LenientResources.isLenient(client.getKubernetesSerialization())) {
      // one object the model cannot read would stop an informer, and with it the operator
      throw new IllegalArgumentException(
          "build the operator's client with"
              + " .withKubernetesSerialization(LenientResources.serialization())");
    }
    AtomicBoolean closing = new AtomicBoolean();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMetrics process = new ProcessMetrics(registry);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    // without leader election this instance reconciles as soon as it starts
    metrics.leader(!config.leaderElection());
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(10))
                  .withStopOnInformerErrorDuringStartup(true);
              if (overrides.informerStopped() != null) {
                o.withInformerStoppedHandler(
                    (informer, e) -> {
                      if (e != null && informer.hasSynced() && !closing.get()) {
                        LOG.error("informer {} stopped for good: {}", informer, e.toString());
                        overrides.informerStopped().run();
                      }
                    });
              }
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            config.leaseName())
                        .withLeaseNamespace(config.leaseNamespace())
                        .withIdentity(config.identity())
                        .withExitOnStopLeading(false)
                        .withLeaseDuration(config.lease().duration())
                        .withRenewDeadline(config.lease().renewDeadline())
                        .withRetryPeriod(config.lease().retryPeriod())
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> metrics.leader(true),
                                () -> {
                                  metrics.leader(false);
                                  if (!closing.get()) {
                                    lostLeadership.run();
                                  }
                                },
                                leader -> {}))
                        .build());
              }
            });
    FabricNodeStateSpecs specs = new FabricNodeStateSpecs(client);
    EventRecorder events = new EventRecorder(client, clock, "nestos-operator");
    List<Reconciler<?>> reconcilers =
        Reconcilers.register(
            operator,
            new Reconcilers.Deps(client, specs, events, metrics, clock, config),
            overrides);
    OperatorEndpoints endpoints;
    try {
      endpoints =
          new OperatorEndpoints(
              config.metricsPort(),
              registry,
              () ->
                  operator.getRuntimeInfo().isStarted()
                      && operator.getRuntimeInfo().allEventSourcesAreHealthy());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve /metrics on port " + config.metricsPort(), e);
    }
    try {
      operator.start();
    } catch (RuntimeException e) {
      endpoints.close();
      process.close();
      client.close();
      throw e;
    }
    return new OperatorRuntime(
        operator, endpoints, registry, process, reconcilers, specs, closing, client, config);
  }

  public int endpointsPort() {
    return endpoints.port();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public FabricNodeStateSpecs specs() {
    return specs;
  }

  /** The registered reconciler of {@code type}. */
  public <R> R reconciler(Class<R> type) {
    return reconcilers.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    closing.set(true);
    try {
      operator.stop();
    } finally {
      for (Reconciler<?> r : reconcilers) {
        if (r instanceof AutoCloseable c) {
          try {
            c.close();
          } catch (Exception e) {
            LOG.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.toString());
          }
        }
      }
      if (config.leaderElection()) {
        releaseLease();
      }
      client.close();
      endpoints.close();
      process.close();
    }
  }

  /**
   * Gives the Lease up if this instance holds it: JOSDK cancels its elector without releasing, so a
   * follower would wait the whole lease duration. Runs after reconciling stopped; best effort (a
   * lost release only costs that wait).
   */
  private void releaseLease() {
    try {
      LeaseLock lock =
          new LeaseLock(config.leaseNamespace(), config.leaseName(), config.identity());
      LeaderElectionRecord held = lock.get(client);
      if (held == null || !config.identity().equals(held.getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      // as client-go's ReleaseOnCancel: no holder, a 1 s lease (fabric8's null holder would be
      // dropped by the patch)
      lock.update(
          client,
          new LeaderElectionRecord(
              "", Duration.ofSeconds(1), now, now, held.getLeaderTransitions()));
      LOG.info("released Lease {}/{}", config.leaseNamespace(), config.leaseName());
    } catch (RuntimeException e) {
      LOG.warn(
          "could not release Lease {}/{}: {}",
          config.leaseNamespace(),
          config.leaseName(),
          e.toString());
    }
  }
}
