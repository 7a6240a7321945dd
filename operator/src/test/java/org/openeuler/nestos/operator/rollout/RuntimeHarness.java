package org.openeuler.nestos.operator.rollout;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.operator.OperatorConfig;
import org.openeuler.nestos.operator.OperatorRuntime;
import org.openeuler.nestos.operator.Reconcilers;
import org.openeuler.nestos.operator.image.ImageCheck;

/**
 * The whole operator ({@link OperatorRuntime}: renderer, status reconcilers, rollout, Lease leader
 * election) against the test API server or, with {@code -Dnestos.controlPlane=real}, the upstream
 * control plane ({@link HarnessBackend}), as one or more replicas, each behind its own {@link
 * CuttableProxy}. Nodes are labelled {@code pool=workers}; their daemons are simulated: a NodeState
 * the renderer creates is "booted" (bootID, the old image) and then driven by {@link
 * SimulatedDaemon}. Watches record, over the whole test, the most nodes unavailable at once
 * (cordoned, or granted and not back yet) and every Reboot ticket per (node, revision).
 */
final class RuntimeHarness implements AutoCloseable {

  static final String OLD_IMAGE = RolloutHarness.OLD_IMAGE;
  static final String NEW_IMAGE = RolloutHarness.NEW_IMAGE;
  static final String LEASE = "nestos-operator";

  /** A running operator replica. */
  record Replica(String identity, OperatorRuntime runtime, CuttableProxy proxy) {}

  final HarnessBackend backend;
  final KubernetesClient admin;
  final KubernetesClient daemonClient;
  final MutableClock clock = new MutableClock();
  final SimulatedDaemon daemon;
  final Map<String, Replica> replicas = new ConcurrentHashMap<>();

  /**
   * Image checks (the first step of every OSVersion reconcile) made while the Lease named someone
   * else.
   */
  final List<String> reconciledWithoutLease = new CopyOnWriteArrayList<>();

  /** Image checks per replica. */
  final Map<String, AtomicInteger> reconciles = new ConcurrentHashMap<>();

  final Set<String> lostLeadership = ConcurrentHashMap.newKeySet();
  volatile ImageCheck image =
      new ImageCheck.Available("43.1", "c0ffee", "sha256:" + "d".repeat(64));

  final Map<String, Boolean> cordoned = new ConcurrentHashMap<>();

  /** Nodes granted a reboot not back yet, with the uid of the node the NodeState is for. */
  final Map<String, String> rebooting = new ConcurrentHashMap<>();

  /** The uid of each existing Node, by name. */
  private final Map<String, String> nodeUids = new ConcurrentHashMap<>();

  final AtomicInteger maxUnavailable = new AtomicInteger();

  /** Every Reboot ticket seen, per "node|nodeUID|revision". */
  final Map<String, Set<String>> tickets = new ConcurrentHashMap<>();

  /** NodeStates seen carrying a ticket not bound to their own node UID and boot id (inherited). */
  final List<String> foreignTickets = new CopyOnWriteArrayList<>();

  private final SharedIndexInformer<Node> nodeWatch;
  private final SharedIndexInformer<NodeState> stateWatch;
  private final ExecutorService booter =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "sim-boot");
            t.setDaemon(true);
            return t;
          });

  RuntimeHarness() {
    this(HarnessBackend.start());
  }

  /** On {@code server} (e.g. one recording its requests), closed with the harness. */
  RuntimeHarness(TestApiServer server) {
    this(HarnessBackend.standIn(server));
  }

  private RuntimeHarness(HarnessBackend backend) {
    this.backend = backend;
    admin = backend.client("test-admin");
    daemonClient = backend.client("nestos-daemon-sim");
    daemon = new SimulatedDaemon(daemonClient, clock);
    nodeWatch =
        admin
            .nodes()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Node n) {
                    node(n);
                  }

                  @Override
                  public void onUpdate(Node o, Node n) {
                    node(n);
                  }

                  @Override
                  public void onDelete(Node n, boolean unknown) {
                    cordoned.remove(n.getMetadata().getName());
                    nodeUids.remove(n.getMetadata().getName(), n.getMetadata().getUid());
                  }
                });
    stateWatch =
        admin
            .resources(NodeState.class)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(NodeState ns) {
                    state(ns);
                  }

                  @Override
                  public void onUpdate(NodeState o, NodeState ns) {
                    state(ns);
                  }

                  @Override
                  public void onDelete(NodeState ns, boolean unknown) {
                    rebooting.remove(ns.getMetadata().getName());
                  }
                });
  }

  private synchronized void node(Node n) {
    nodeUids.put(n.getMetadata().getName(), n.getMetadata().getUid());
    if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
      cordoned.put(n.getMetadata().getName(), true);
    } else {
      cordoned.remove(n.getMetadata().getName());
    }
    recordUnavailable();
  }

  private synchronized void state(NodeState ns) {
    String name = ns.getMetadata().getName();
    Disruption d = ns.getSpec() == null ? null : ns.getSpec().disruption();
    boolean granted = d != null && d.allowed() == Disruption.Allowed.Reboot && d.ticket() != null;
    if (granted) {
      tickets
          .computeIfAbsent(
              name + "|" + ns.getSpec().nodeUID() + "|" + d.revision(),
              k -> ConcurrentHashMap.newKeySet())
          .add(d.ticket());
      String own =
          org.openeuler.nestos.operator.core.rollout.Tickets.of(
              ns.getSpec().osVersionRef(),
              Disruption.Allowed.Reboot,
              ns.getSpec().nodeUID(),
              d.bootID(),
              d.revision());
      if (!own.equals(d.ticket())) {
        foreignTickets.add(
            name + " (uid " + ns.getSpec().nodeUID() + ") carries ticket " + d.ticket());
      }
    }
    var s = ns.getStatus();
    boolean back =
        s != null
            && (Objects.equals(d == null ? null : d.revision(), s.currentRevision())
                || Objects.equals(d == null ? null : d.revision(), s.lastFailedRevision()));
    if (granted && !back) {
      rebooting.put(name, String.valueOf(ns.getSpec().nodeUID()));
    } else {
      rebooting.remove(name);
    }
    recordUnavailable();
    if (s == null) {
      booter.execute(() -> boot(name));
    }
  }

  private void recordUnavailable() {
    Set<String> down = new java.util.HashSet<>(cordoned.keySet());
    // a grant counts while its node exists: the NodeState of a deleted (or replaced) machine is no
    // disruption of the fleet (the operator skips it too, docs/rollout-reconciler.md)
    rebooting.forEach(
        (name, uid) -> {
          if (uid.equals(nodeUids.get(name))) {
            down.add(name);
          }
        });
    maxUnavailable.accumulateAndGet(down.size(), Math::max);
  }

  /**
   * The node's daemon starts: reports a boot id and the old image (once per NodeState object). A
   * write that raced the renderer's (409) reads the NodeState again, as the daemon does.
   */
  private void boot(String name) {
    for (int attempt = 1; ; attempt++) {
      NodeState ns = admin.resources(NodeState.class).withName(name).get();
      if (ns == null || ns.getStatus() != null) {
        return;
      }
      try {
        admin
            .resources(NodeState.class)
            .withName(name)
            .subresource("status")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                """
                {"metadata":{"resourceVersion":"%s"},"status":{"bootID":"boot-%s","currentRevision":"rev-boot",
                 "deployments":{"booted":{"imageReference":"ostree-unverified-registry:%s"}}}}"""
                    .formatted(
                        ns.getMetadata().getResourceVersion(),
                        java.util.UUID.randomUUID(),
                        OLD_IMAGE));
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /** Starts replica {@code identity} (Lease leader election, short lease timings). */
  Replica startReplica(String identity) {
    return startReplica(
        identity, "--lease-duration=4s", "--lease-renew-deadline=3s", "--lease-retry-period=500ms");
  }

  /**
   * Starts replica {@code identity} with these lease flags (none: the operator's defaults, which
   * the chart keeps: 15 s / 10 s / 2 s).
   */
  Replica startReplica(String identity, String... leaseFlags) {
    CuttableProxy proxy = new CuttableProxy(backend.port());
    KubernetesClient client = backend.client(proxy.port(), "nestos-operator-" + identity);
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--metrics-port=0",
                "--lease-namespace=default",
                "--identity=" + identity,
                "--reconcile-threads=4"));
    flags.addAll(List.of(leaseFlags));
    OperatorConfig config = OperatorConfig.from(Map.of(), flags.toArray(String[]::new));
    reconciles.put(identity, new AtomicInteger());
    OperatorRuntime[] self = new OperatorRuntime[1];
    OperatorRuntime runtime =
        OperatorRuntime.start(
            client,
            config,
            clock,
            () -> {
              // production exits here; stop reconciling as that would
              lostLeadership.add(identity);
              Thread stop =
                  new Thread(
                      () -> {
                        if (self[0] != null) {
                          self[0].close();
                        }
                      },
                      "replica-exit-" + identity);
              stop.setDaemon(true);
              stop.start();
            },
            new Reconcilers.Overrides(
                (osImage, secret) -> {
                  reconciles.get(identity).incrementAndGet();
                  String holder = leaseHolder();
                  if (!identity.equals(holder)) {
                    reconciledWithoutLease.add(
                        identity + " reconciled while the Lease named " + holder);
                  }
                  return image;
                },
                RolloutTimings.NONE));
    self[0] = runtime;
    Replica r = new Replica(identity, runtime, proxy);
    replicas.put(identity, r);
    return r;
  }

  /** Graceful stop (SIGTERM). */
  void stop(String identity) {
    Replica r = replicas.remove(identity);
    r.runtime().close();
    r.proxy().close();
  }

  /**
   * Abrupt stop (kill -9): the replica's traffic is cut first, so nothing it does on the way down
   * arrives.
   */
  void kill(String identity) {
    Replica r = replicas.remove(identity);
    r.proxy().cut();
    r.runtime().close();
  }

  /**
   * As {@link #kill}, returning as soon as the replica's traffic is cut: its in-process shutdown
   * (which waits for requests that can no longer arrive) runs on another thread, as a killed
   * process's would not run at all.
   */
  Thread killNow(String identity) {
    Replica r = replicas.remove(identity);
    r.proxy().cut();
    Thread down = new Thread(r.runtime()::close, "killed-" + identity);
    down.setDaemon(true);
    down.start();
    return down;
  }

  String leaseHolder() {
    Lease lease = admin.leases().inNamespace("default").withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** Nodes {@code prefix0..n-1}, Ready, labelled pool=workers. */
  void nodes(int count, String prefix) {
    for (int i = 0; i < count; i++) {
      node(prefix + i, Map.of("pool", "workers"));
    }
  }

  void node(String name, Map<String, String> labels) {
    Node node =
        new io.fabric8.kubernetes.api.model.NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(new TreeMap<>(labels))
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    admin.nodes().resource(node).create();
    admin
        .nodes()
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
                + "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
    // the real apiserver taints every new Node not-ready (TaintNodesByCondition); the node
    // lifecycle controller, which the fixture does not run, lifts it once the node is Ready
    admin
        .nodes()
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"taints\":null}}");
  }

  /**
   * OSVersion {@code name} for NEW_IMAGE selecting {@code key=value}, with {@code spec.rollout}.
   */
  void osVersion(String name, String key, String value, String rolloutJson) {
    admin
        .resources(OSVersion.class)
        .resource(
            Serialization.unmarshal(
                """
        {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion","metadata":{"name":"%s"},
         "spec":{"osImage":"%s","nodeSelector":{"matchLabels":{"%s":"%s"}},"rollout":%s}}"""
                    .formatted(name, NEW_IMAGE, key, value, rolloutJson),
                OSVersion.class))
        .create();
  }

  /** The body of a replica's {@code /metrics}. */
  String metrics(String identity) {
    try {
      var http = java.net.http.HttpClient.newHttpClient();
      return http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://127.0.0.1:"
                              + replicas.get(identity).runtime().endpointsPort()
                              + "/metrics"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** NodeStates with a status (their daemon reported). */
  long bootedNodes() {
    return admin.resources(NodeState.class).list().getItems().stream()
        .filter(ns -> ns.getStatus() != null)
        .count();
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

  /** The condition's message or "-". */
  String conditionMessage(String osv, String type) {
    OSVersion o = osv(osv);
    if (o == null || o.getStatus() == null || o.getStatus().conditions() == null) {
      return "-";
    }
    return o.getStatus().conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getMessage())
        .findFirst()
        .orElse("-");
  }

  NodeState nodeState(String name) {
    return admin.resources(NodeState.class).withName(name).get();
  }

  /** Nodes whose NodeState carries a Reboot ticket now. */
  /**
   * Nodes that were ever granted a reboot (grants end with their update, so the NodeStates alone no
   * longer show the finished ones).
   */
  long grantedNodes() {
    return tickets.keySet().stream().map(k -> k.substring(0, k.indexOf('|'))).distinct().count();
  }

  /** "node|revision" keys that saw more than one ticket. */
  Map<String, Set<String>> reissuedTickets() {
    Map<String, Set<String>> out = new TreeMap<>();
    tickets.forEach(
        (k, v) -> {
          if (v.size() > 1) {
            out.put(k, Set.copyOf(v));
          }
        });
    return out;
  }

  /**
   * Writes sent by {@code identity} other than its Lease and its startup access review (counted by
   * its client, so on either backend).
   */
  long writesBy(String identity) {
    return backend.writes("nestos-operator-" + identity).entrySet().stream()
        .filter(e -> !e.getKey().equals("leases") && !e.getKey().equals("selfsubjectrulesreviews"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
    RolloutHarness.await(timeout, what, condition);
  }

  /** As {@link #await}, with the cluster's rollout state in the failure message. */
  void awaitOrDump(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
    try {
      RolloutHarness.await(timeout, what, condition);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + dump(), e);
    }
  }

  /**
   * OSVersions' conditions and counts, every node's cordon and NodeState, the simulated daemons'
   * state.
   */
  String dump() {
    StringBuilder b = new StringBuilder();
    for (OSVersion o : admin.resources(OSVersion.class).list().getItems()) {
      b.append("OSVersion ")
          .append(o.getMetadata().getName())
          .append(": ")
          .append(o.getStatus())
          .append('\n');
    }
    for (Node n : admin.nodes().list().getItems()) {
      NodeState ns = nodeState(n.getMetadata().getName());
      b.append("Node ")
          .append(n.getMetadata().getName())
          .append(" uid=")
          .append(n.getMetadata().getUid())
          .append(" unschedulable=")
          .append(n.getSpec().getUnschedulable())
          .append(" annotations=")
          .append(n.getMetadata().getAnnotations())
          .append("\n  NodeState ")
          .append(
              ns == null
                  ? "none"
                  : "uid="
                      + ns.getSpec().nodeUID()
                      + " rev="
                      + ns.getSpec().revision()
                      + " ref="
                      + ns.getSpec().osVersionRef()
                      + " disruption="
                      + ns.getSpec().disruption()
                      + " status="
                      + (ns.getStatus() == null
                          ? null
                          : "boot="
                              + ns.getStatus().bootID()
                              + " current="
                              + ns.getStatus().currentRevision()
                              + " accepted="
                              + ns.getStatus().acceptedTicket()))
          .append('\n');
    }
    b.append("daemon held=")
        .append(daemon.held)
        .append(" claims=")
        .append(daemon.claims)
        .append(" reboots=")
        .append(daemon.reboots);
    return b.toString();
  }

  @Override
  public void close() {
    for (String id : List.copyOf(replicas.keySet())) {
      try {
        stop(id);
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
    booter.shutdownNow();
    daemon.close();
    nodeWatch.close();
    stateWatch.close();
    daemonClient.close();
    admin.close();
    backend.close();
  }
}
