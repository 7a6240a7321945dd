package org.openeuler.nestos.operator.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.operator.drain.NodeDrainer;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.image.ImageCheck;
import org.openeuler.nestos.operator.informers.SharedInformers;
import org.openeuler.nestos.operator.ops.OperatorMetrics;

/**
 * The test API server, an in-process JOSDK operator running {@link OsVersionReconciler}, the
 * simulated daemons and a watch that records how many nodes are cordoned at once. Nodes are
 * pre-rendered: their NodeState spec already names the new image and revision (the renderer is not
 * under test here).
 */
final class RolloutHarness implements AutoCloseable {

  static final String OLD_IMAGE = "registry.example/nestos@sha256:" + "a".repeat(64);
  static final String NEW_IMAGE = "registry.example/nestos@sha256:" + "b".repeat(64);
  static final String OPERATOR_AGENT = "nestos-operator";

  /** The stand-in, or null on the real control plane ({@link #real}). */
  final TestApiServer server;

  /** The upstream control plane, or null on the stand-in. */
  final RealControlPlane real;

  /** The real apiserver's apiserver_request_total at the last {@link #resetWriteCounts()}. */
  private Map<String, Long> metricsBaseline = Map.of();

  final KubernetesClient admin;
  final KubernetesClient operatorClient;
  final KubernetesClient daemonClient;
  final MutableClock clock = new MutableClock();
  final SimulatedDaemon daemon;
  volatile ImageChecker images =
      (image, secret) -> new ImageCheck.Available("43.1", "c0ffee", "sha256:" + "d".repeat(64));
  RolloutSettings settings =
      RolloutSettings.defaults()
          .withStatusInterval(Duration.ofMillis(300))
          .withResync(Duration.ofMillis(500));
  RolloutTimings timings = RolloutTimings.NONE;
  Operator operator;
  OsVersionReconciler reconciler;
  private final SharedIndexInformer<Node> cordonWatch;
  final Map<String, Boolean> cordoned = new ConcurrentHashMap<>();
  final AtomicInteger maxCordoned = new AtomicInteger();

  /**
   * When the watch first saw each node cordoned / uncordoned again (System.nanoTime), for latency
   * breakdowns.
   */
  final Map<String, Long> cordonedAt = new ConcurrentHashMap<>();

  final Map<String, Long> uncordonedAt = new ConcurrentHashMap<>();

  RolloutHarness() {
    this(TestApiServer.Options.defaults());
  }

  RolloutHarness(TestApiServer.Options options) {
    this(options, 4);
  }

  /**
   * @param daemonWorkers simulated daemons acting at once
   */
  RolloutHarness(TestApiServer.Options options, int daemonWorkers) {
    this(TestApiServer.start(0, options), null, daemonWorkers);
  }

  /** On the upstream control plane {@code cp} (a fresh one: nothing of an earlier run is reset). */
  RolloutHarness(RealControlPlane cp, int daemonWorkers) {
    this(null, cp, daemonWorkers);
  }

  private RolloutHarness(TestApiServer server, RealControlPlane real, int daemonWorkers) {
    this.server = server;
    this.real = real;
    admin = client("test-admin");
    operatorClient = client(OPERATOR_AGENT);
    daemonClient = client("nestos-daemon-sim");
    daemon = new SimulatedDaemon(daemonClient, clock, daemonWorkers);
    cordonWatch =
        admin
            .nodes()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Node n) {
                    track(n);
                  }

                  @Override
                  public void onUpdate(Node o, Node n) {
                    track(n);
                  }

                  @Override
                  public void onDelete(Node n, boolean unknown) {
                    cordoned.remove(n.getMetadata().getName());
                  }
                });
  }

  private synchronized void track(Node n) {
    String name = n.getMetadata().getName();
    if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
      if (cordoned.put(name, true) == null) {
        cordonedAt.putIfAbsent(name, System.nanoTime());
      }
    } else if (cordoned.remove(name) != null) {
      uncordonedAt.putIfAbsent(name, System.nanoTime());
    }
    maxCordoned.accumulateAndGet(cordoned.size(), Math::max);
  }

  private KubernetesClient client(String agent) {
    io.fabric8.kubernetes.client.Config base =
        server != null ? server.clientConfig() : real.adminConfig();
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(base)
                .withUserAgent(agent)
                .withNamespace("default")
                .withRequestRetryBackoffLimit(3)
                .build())
        .withKubernetesSerialization(org.openeuler.nestos.api.LenientResources.serialization())
        .build();
  }

  /** Where a client in another JVM reaches the API server: a URL, or a kubeconfig file. */
  String serverAddress() {
    return server != null ? server.url() : real.adminKubeconfig().toString();
  }

  /** Starts counting the operator's writes from zero. */
  void resetWriteCounts() {
    if (server != null) {
      server.requests().reset();
    } else {
      metricsBaseline = ApiserverWrites.parse(real.metrics());
    }
  }

  void startOperator() {
    operator =
        new Operator(o -> o.withKubernetesClient(operatorClient).withCloseClientOnStop(false));
    reconciler =
        new OsVersionReconciler(
            SharedInformers.of(operatorClient, operator.getConfigurationService()),
            operatorClient,
            new org.openeuler.nestos.operator.nodestate.FabricNodeStateSpecs(operatorClient),
            (image, secret) -> images.check(image, secret),
            new NodeDrainer(
                operatorClient,
                clock,
                d -> {
                  clock.advance(d);
                  Thread.sleep(5);
                }),
            new EventRecorder(operatorClient, clock, OPERATOR_AGENT),
            new OperatorMetrics(new SimpleMeterRegistry()),
            clock,
            settings,
            timings,
            new org.openeuler.nestos.operator.status.UnusableObjects(
                operatorClient,
                new EventRecorder(operatorClient, clock, OPERATOR_AGENT),
                new OperatorMetrics(new SimpleMeterRegistry()),
                clock));
    operator.register(reconciler);
    operator.start();
  }

  void stopOperator() {
    operator.stop();
    reconciler.close();
  }

  /**
   * Nodes {@code prefix0..n-1} labelled pool=workers, Ready, running OLD_IMAGE, rendered for {@code
   * osv}.
   */
  void nodes(String osv, int count, String prefix) {
    nodes(osv, count, prefix, "workers");
  }

  /** {@link #nodes(String, int, String)} labelled {@code pool=<pool>}. */
  void nodes(String osv, int count, String prefix, String pool) {
    for (int i = 0; i < count; i++) {
      String name = prefix + i;
      admin
          .nodes()
          .resource(
              Serialization.unmarshal(
                  """
          {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","labels":{"pool":"%s",
           "kubernetes.io/hostname":"%s"}},"spec":{}}"""
                      .formatted(name, pool, name),
                  Node.class))
          .create();
      admin
          .nodes()
          .withName(name)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
                  + "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
      if (real != null) {
        // the node lifecycle controller's part: TaintNodesByCondition put
        // node.kubernetes.io/not-ready
        // on the new Node; it is lifted once the Node is Ready (no such controller runs here)
        admin
            .nodes()
            .withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"taints\":null}}");
      }
      String uid = admin.nodes().withName(name).get().getMetadata().getUid();
      admin
          .resources(NodeState.class)
          .resource(
              Serialization.unmarshal(
                  """
          {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"NodeState","metadata":{"name":"%s"},
           "spec":{"nodeName":"%s","nodeUID":"%s","revision":"rev-new","osImage":"%s","osVersionRef":"%s"}}"""
                      .formatted(name, name, uid, NEW_IMAGE, osv),
                  NodeState.class))
          .create();
      admin
          .resources(NodeState.class)
          .withName(name)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              """
          {"status":{"bootID":"boot-0-%s","currentRevision":"rev-old",
           "deployments":{"booted":{"imageReference":"ostree-unverified-registry:%s"}}}}"""
                  .formatted(name, OLD_IMAGE));
    }
  }

  /**
   * Creates OSVersion {@code name} selecting pool=workers with the given {@code spec.rollout} JSON.
   */
  void osVersion(String name, String rolloutJson) {
    osVersion(name, "workers", rolloutJson);
  }

  /** OSVersion {@code name} selecting {@code pool=<pool>}. */
  void osVersion(String name, String pool, String rolloutJson) {
    admin
        .resources(OSVersion.class)
        .resource(
            Serialization.unmarshal(
                """
        {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion","metadata":{"name":"%s"},
         "spec":{"osImage":"%s","nodeSelector":{"matchLabels":{"pool":"%s"}},"rollout":%s}}"""
                    .formatted(name, NEW_IMAGE, pool, rolloutJson),
                OSVersion.class))
        .create();
  }

  void patchOsVersion(String name, String mergePatch) {
    admin
        .resources(OSVersion.class)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  OSVersion osv(String name) {
    return admin.resources(OSVersion.class).withName(name).get();
  }

  /** The condition's {@code status/reason} or "-". */
  String condition(String osv, String type) {
    OSVersion o = osv(osv);
    if (o == null || o.getStatus() == null || o.getStatus().conditions() == null) {
      return "-";
    }
    return o.getStatus().conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse("-");
  }

  NodeState nodeState(String name) {
    return admin.resources(NodeState.class).withName(name).get();
  }

  long grantedNodes() {
    return admin.resources(NodeState.class).list().getItems().stream()
        .filter(
            ns -> ns.getSpec().disruption() != null && ns.getSpec().disruption().ticket() != null)
        .count();
  }

  List<Event> events(String reason) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /**
   * Operator writes (create/update/patch/delete) without evictions and events, as docs/design.md §9
   * counts them.
   */
  long operatorWrites() {
    if (real != null) {
      return ApiserverWrites.operatorWrites(
          ApiserverWrites.since(metricsBaseline, ApiserverWrites.parse(real.metrics())));
    }
    long n = 0;
    for (JsonNode r : server.requests().toJson().path("requests")) {
      String verb = r.path("verb").asText();
      String resource = r.path("resource").asText();
      if (r.path("userAgent").asText().startsWith(OPERATOR_AGENT)
          && List.of("create", "update", "patch", "delete").contains(verb)
          && !resource.equals("events")
          && !resource.equals("pods/eviction")) {
        n += r.path("count").asLong();
      }
    }
    return n;
  }

  long operatorWrites(String resource) {
    if (real != null) {
      return ApiserverWrites.writes(
          ApiserverWrites.since(metricsBaseline, ApiserverWrites.parse(real.metrics())), resource);
    }
    long n = 0;
    for (JsonNode r : server.requests().toJson().path("requests")) {
      if (r.path("userAgent").asText().startsWith(OPERATOR_AGENT)
          && resource.equals(r.path("resource").asText())
          && List.of("create", "update", "patch", "delete").contains(r.path("verb").asText())) {
        n += r.path("count").asLong();
      }
    }
    return n;
  }

  /** Polls {@code condition} every 25 ms until it holds; fails with {@code what} at the timeout. */
  static void await(Duration timeout, String what, BooleanSupplier condition) {
    try {
      org.awaitility.Awaitility.await(what)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(25))
          .until(condition::getAsBoolean);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("timed out waiting for " + what, e);
    }
  }

  @Override
  public void close() {
    try {
      if (operator != null) {
        stopOperator();
      }
    } catch (RuntimeException ignored) {
      // best effort
    }
    daemon.close();
    cordonWatch.close();
    daemonClient.close();
    operatorClient.close();
    admin.close();
    if (server != null) {
      server.close();
    }
  }
}
