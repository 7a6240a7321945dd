package org.openeuler.nestos.simulator.chaos;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.simulator.ClusterBackend;
import org.openeuler.nestos.simulator.SimulatedCluster;
import org.openeuler.nestos.simulator.SimulatedNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ChaosSchedule} on a fresh simulated cluster (the stand-in API server, in-memory
 * hosts, two operator replicas with leader election): applies the NodeConfig and the OSVersion,
 * injects the faults at their times, checks {@link Invariants#always} at every step (every 200 ms
 * and at every fault; the disruption budget also between steps, from the Node watch of {@link
 * org.openeuler.nestos.simulator.AvailabilityMonitor}), then waits for {@link Invariants#atEnd} to
 * hold once the faults are over.
 */
public final class ChaosRun {

  private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
  private static final String NAME = "chaos";
  private static final String TARGET_VERSION = "24.03.1";
  private static final long STEP_MILLIS = 200;

  /**
   * The outcome of one schedule.
   *
   * @param schedule what ran
   * @param violations the invariants broken (empty: a pass)
   * @param injected the faults that took effect, by kind (a kill set on an action the daemon never
   *     ran, or an edit of a deleted OSVersion, does not count)
   * @param outcome how the rollout ended ({@code Ready} condition or "deleted")
   * @param millis wall time of the run
   * @param described the cluster at the end, when a violation was seen (else empty)
   */
  public record Result(
      ChaosSchedule schedule,
      List<Violation> violations,
      Map<FaultKind, Integer> injected,
      String outcome,
      long millis,
      String described) {
    public boolean passed() {
      return violations.isEmpty();
    }
  }

  private final ChaosSchedule schedule;
  private final Duration settleTimeout;
  private final ApiChaos api = new ApiChaos();
  private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);

  /** Each broken invariant once per node/detail: the first time it was seen. */
  private final Map<String, Violation> violations = new java.util.LinkedHashMap<>();

  /** Per node, the revisions it was granted a Reboot for and their image digests. */
  private final Map<String, Map<String, String>> rebootGrants = new HashMap<>();

  private final Map<String, Long> pdbUntil = new HashMap<>();
  private final List<String> images = new ArrayList<>();
  private SimulatedCluster cluster;
  private long startNanos;
  private int operatorReplicas = 2;
  private volatile boolean finished;
  private int edits;

  private ChaosRun(ChaosSchedule schedule, Duration settleTimeout) {
    this.schedule = schedule;
    this.settleTimeout = settleTimeout;
  }

  /** Runs {@code schedule}; the end invariants must hold within {@code settleTimeout}. */
  public static Result run(ChaosSchedule schedule, Duration settleTimeout) throws IOException {
    return new ChaosRun(schedule, settleTimeout).run();
  }

  private Result run() throws IOException {
    long t0 = System.nanoTime();
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--lease-duration=3s",
                "--lease-renew-deadline=2s",
                "--lease-retry-period=500ms",
                "--drain-backoff=1s"));
    if (schedule.globalCap() > 0) {
      flags.add("--global-max-unavailable=" + schedule.globalCap());
    }
    SimulatedCluster.Options options =
        SimulatedCluster.Options.nodes(schedule.nodes())
            .withControlPlane(ClusterBackend.Kind.STANDIN)
            .withLeaderElection(true)
            .withBootCounting(schedule.bootAttempts())
            .withOperatorFlags(flags);
    try (SimulatedCluster c = SimulatedCluster.start(options)) {
      cluster = c;
      // a replica that lost its Lease (API errors kept it from renewing) exits, as the product does
      c.onLostLeadership(this::replaceReplica);
      c.startOperator(SimulatedCluster.IDENTITY + "-2");
      c.backend().standIn().orElseThrow().faults(api);
      images.add(c.osImage(TARGET_VERSION));
      long edits =
          schedule.faults().stream().filter(f -> f.kind() == FaultKind.OSVERSION_EDITED).count();
      for (int i = 1; i <= edits; i++) {
        images.add(c.osImage("24.03." + (1 + i)));
      }
      prepareNodes();
      apply(nodeConfig(schedule.sysctlValue()));
      apply(osVersion(images.get(0)));
      startNanos = System.nanoTime();
      String outcome;
      try {
        outcome = drive();
      } finally {
        finished = true;
      }
      String described =
          violations.isEmpty() ? "" : c.describe() + "API faults: " + api.counts() + "\n";
      c.backend().standIn().orElseThrow().faults(null);
      return new Result(
          schedule,
          List.copyOf(violations.values()),
          Map.copyOf(injected),
          outcome,
          (System.nanoTime() - t0) / 1_000_000,
          described);
    }
  }

  /** The faults set before the rollout reaches any node: what the new version does on a node. */
  private void prepareNodes() {
    String target = digest(images.get(0));
    for (ChaosFault f : schedule.faults()) {
      if (!f.kind().perNode()) {
        continue;
      }
      SimulatedNode n = node(f);
      switch (f.kind()) {
        case NODE_NEVER_RETURNS -> {
          n.os().hangsAtBoot(TARGET_VERSION);
          n.bootCounting(0);
          n.stopDaemon();
          n.startDaemon();
          count(f.kind());
        }
        case BOOT_HANG_FALLBACK -> {
          n.os().hangsAtBoot(TARGET_VERSION);
          count(f.kind());
        }
        case HEALTH_CHECK_FAILS -> {
          n.systemd().failWhenBooted("kubelet.service", target);
          count(f.kind());
        }
        case BLOB_TAMPERED -> {
          n.faults()
              .failAllPulls(
                  "layer blob digest mismatch: the registry served content that does not hash to"
                      + " its digest");
          count(f.kind());
        }
        default -> {}
      }
    }
  }

  /** Injects the faults at their times and checks at every step; returns the rollout's outcome. */
  private String drive() {
    List<ChaosFault> pending = new ArrayList<>(schedule.faults());
    pending.removeIf(f -> f.atMillis() == 0 && isPreset(f.kind()));
    long faultsEnd = schedule.faultsEndMillis();
    long deadline = faultsEnd + settleTimeout.toMillis();
    List<Violation> lastEnd = List.of();
    while (true) {
      long now = elapsedMillis();
      while (!pending.isEmpty() && pending.get(0).atMillis() <= now) {
        inject(pending.remove(0));
        check(false);
      }
      liftPdbs(now);
      ClusterView view = check(false);
      if (pending.isEmpty() && pdbUntil.isEmpty() && now >= faultsEnd) {
        lastEnd = Invariants.atEnd(view, schedule);
        if (lastEnd.isEmpty()) {
          checkBudgetBetweenSteps(view);
          return outcome(view);
        }
        if (now > deadline) {
          lastEnd.forEach(this::note);
          checkBudgetBetweenSteps(view);
          return outcome(view) + " (not settled after " + settleTimeout.toSeconds() + " s)";
        }
      }
      sleep(STEP_MILLIS);
    }
  }

  /** The most nodes cordoned at once, seen by the Node watch, against the budget. */
  private void checkBudgetBetweenSteps(ClusterView view) {
    int budget =
        schedule.globalCap() > 0
            ? Math.min(schedule.globalCap(), schedule.maxUnavailable())
            : schedule.maxUnavailable();
    int most = cluster.availability().maxCordoned();
    if (most > budget) {
      note(
          new Violation(
              Invariants.BUDGET,
              view.atMillis(),
              most + " nodes cordoned at once (the Node watch), budget " + budget));
    }
  }

  private static boolean isPreset(FaultKind k) {
    return k == FaultKind.NODE_NEVER_RETURNS
        || k == FaultKind.BOOT_HANG_FALLBACK
        || k == FaultKind.HEALTH_CHECK_FAILS
        || k == FaultKind.BLOB_TAMPERED;
  }

  private void inject(ChaosFault f) {
    LOG.info("seed={} injecting {}", schedule.seed(), f);
    KubernetesClient admin = cluster.admin();
    switch (f.kind()) {
      case DAEMON_KILL_AT_ACTION -> {
        String[] words = f.detail().split(" ");
        node(f).faults().killDaemonAt(words[0], words[1].equals("after"));
        // counted when it fires (end of the run)
      }
      case DAEMON_RESTART -> {
        if (node(f).restartDaemon()) {
          count(f.kind());
        }
      }
      case POWER_LOSS -> {
        node(f).unplannedReboot();
        count(f.kind());
      }
      case LEADER_KILL -> {
        String leader = cluster.leaseHolder();
        if (leader != null && cluster.operatorIdentities().contains(leader)) {
          replaceReplica(leader);
          count(f.kind());
        }
      }
      case API_ERRORS, API_TIMEOUTS -> {
        api.open(f.kind(), f.durationMillis(), Integer.parseInt(f.detail().replace("%", "")));
        count(f.kind());
      }
      case WATCH_DROPS -> {
        api.open(f.kind(), f.durationMillis(), 100);
        // the watches open now are cut too (the operator's informers opened theirs long before)
        cluster.backend().standIn().orElseThrow().dropWatches(ApiChaos::faulted);
        count(f.kind());
      }
      case PULL_FAILS -> {
        node(f)
            .faults()
            .failPulls(Integer.parseInt(f.detail()), "registry answered 503 Service Unavailable");
        count(f.kind());
      }
      case PDB_BLOCKS_DRAIN -> {
        guardPod(node(f).name());
        pdbUntil.put(node(f).name(), elapsedMillis() + f.durationMillis());
        count(f.kind());
      }
      case OSVERSION_EDITED -> {
        String next = images.get(Math.min(images.size() - 1, edits + 1));
        boolean edited =
            editAsAUserWould(
                OSVersion.class,
                x -> {
                  x.setSpec(Serialization.unmarshal(osVersion(next), OSVersion.class).getSpec());
                  return x;
                });
        if (edited) {
          edits++;
          count(f.kind());
        }
      }
      case OSVERSION_DELETED -> {
        if (!admin.resources(OSVersion.class).withName(NAME).delete().isEmpty()) {
          count(f.kind());
        }
      }
      case NODECONFIG_EDITED -> {
        NodeConfig nc = admin.resources(NodeConfig.class).withName(NAME).get();
        String value = sysctlOf(nc);
        if (value != null) {
          List<String> values = ChaosSchedule.SYSCTL_VALUES;
          String next = values.get((values.indexOf(value) + 1) % values.size());
          boolean edited =
              editAsAUserWould(
                  NodeConfig.class,
                  x -> {
                    x.setSpec(
                        Serialization.unmarshal(nodeConfig(next), NodeConfig.class).getSpec());
                    return x;
                  });
          if (edited) {
            count(f.kind());
          }
        }
      }
      case NODECONFIG_DELETED -> {
        if (!admin.resources(NodeConfig.class).withName(NAME).delete().isEmpty()) {
          count(f.kind());
        }
      }
      default -> throw new IllegalStateException(f.kind() + " is set before the rollout");
    }
  }

  /**
   * Edits the schedule's object as {@code kubectl edit} does: on a conflict (someone else, the
   * operator adding its finalizer for one, wrote in between) it reads the object again and retries.
   *
   * @return false when the object is gone
   */
  private <T extends HasMetadata> boolean editAsAUserWould(Class<T> type, UnaryOperator<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        if (cluster.admin().resources(type).withName(NAME).get() == null) {
          return false;
        }
        cluster.admin().resources(type).withName(NAME).edit(change);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return false;
        }
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  /**
   * Replica {@code identity} is gone as a killed (or exited) process is: nothing it sends reaches
   * the API server any more; a new replica starts as the Deployment would start one.
   */
  private synchronized void replaceReplica(String identity) {
    if (!cluster.operatorIdentities().contains(identity)) {
      return;
    }
    api.cutOff(SimulatedCluster.operatorUserAgent(identity));
    cluster.killOperator(identity);
    startReplicaAsADeploymentWould(SimulatedCluster.IDENTITY + "-" + ++operatorReplicas);
  }

  /**
   * Starts a new operator replica in the background; a start that fails (the API server refusing
   * requests while the operator starts: the process exits) is tried again after a doubling delay,
   * as the Deployment's pod is restarted (CrashLoopBackOff).
   */
  private void startReplicaAsADeploymentWould(String identity) {
    Thread t =
        new Thread(
            () -> {
              long backoff = 500;
              while (!finished) {
                try {
                  cluster.startOperator(identity);
                  return;
                } catch (RuntimeException e) {
                  LOG.warn(
                      "seed={} replica {} exited at start ({}): again in {} ms",
                      schedule.seed(),
                      identity,
                      e.toString(),
                      backoff);
                  cluster.stopOperator(identity);
                  try {
                    Thread.sleep(backoff);
                  } catch (InterruptedException x) {
                    return;
                  }
                  backoff = Math.min(8_000, backoff * 2);
                }
              }
            },
            "chaos-replica-" + identity);
    t.setDaemon(true);
    t.start();
  }

  /** A pod on {@code node} that a PodDisruptionBudget allows no eviction of. */
  private void guardPod(String node) {
    String name = "guard-" + node;
    cluster
        .admin()
        .pods()
        .inNamespace("apps")
        .resource(
            Serialization.unmarshal(
                """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"apps","labels":{"guard":"%s"}},
                 "spec":{"nodeName":"%s","containers":[{"name":"app","image":"registry.example/app:1"}]}}"""
                    .formatted(name, node, node),
                Pod.class))
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    cluster
        .admin()
        .resource(
            Serialization.unmarshal(
                """
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"%s","namespace":"apps"},
                 "spec":{"maxUnavailable":0,"selector":{"matchLabels":{"guard":"%s"}}}}"""
                    .formatted(name, node),
                PodDisruptionBudget.class))
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  private void liftPdbs(long now) {
    pdbUntil
        .entrySet()
        .removeIf(
            e -> {
              if (e.getValue() > now) {
                return false;
              }
              cluster
                  .admin()
                  .resources(PodDisruptionBudget.class)
                  .inNamespace("apps")
                  .withName("guard-" + e.getKey())
                  .delete();
              return true;
            });
  }

  /** Reads the cluster and checks the invariants that hold at every step. */
  private ClusterView check(boolean unused) {
    ClusterView view = observe();
    Invariants.always(view, schedule).forEach(this::note);
    return view;
  }

  private void note(Violation v) {
    violations.putIfAbsent(v.invariant() + " " + v.detail().replaceAll("^(node-\\d+).*", "$1"), v);
  }

  private ClusterView observe() {
    // the machines first: a reboot counted here happened under a grant the API objects read
    // next still show (a grant lasts until the node is verified)
    Map<String, ChaosViews.Machine> machines = new HashMap<>();
    for (SimulatedNode sim : cluster.nodes()) {
      machines.put(sim.name(), ChaosViews.machine(sim));
    }
    KubernetesClient admin = cluster.admin();
    Map<String, Node> nodes = new HashMap<>();
    admin.nodes().list().getItems().forEach(n -> nodes.put(n.getMetadata().getName(), n));
    Map<String, NodeState> states = new HashMap<>();
    admin
        .resources(NodeState.class)
        .list()
        .getItems()
        .forEach(s -> states.put(s.getMetadata().getName(), s));
    List<ClusterView.NodeView> views = new ArrayList<>();
    for (SimulatedNode sim : cluster.nodes()) {
      NodeState state = states.get(sim.name());
      Map<String, String> grants = rebootGrants.computeIfAbsent(sim.name(), k -> new HashMap<>());
      var spec = state == null ? null : state.getSpec();
      var d = spec == null ? null : spec.disruption();
      if (d != null
          && d.allowed() == org.openeuler.nestos.api.v1alpha1.Disruption.Allowed.Reboot
          && d.revision() != null
          && spec.osImage() != null) {
        // the image of the grant's revision: the spec's, also while a live-only change moved the
        // spec's revision on (an accepted grant keeps its OSVersion target)
        grants.putIfAbsent(d.revision(), digest(spec.osImage()));
      }
      Map<String, Integer> byDigest = new HashMap<>();
      grants.values().forEach(x -> byDigest.merge(x, 1, Integer::sum));
      views.add(ChaosViews.node(machines.get(sim.name()), nodes.get(sim.name()), state, byDigest));
    }
    OSVersion osv = admin.resources(OSVersion.class).withName(NAME).get();
    NodeConfig nc = admin.resources(NodeConfig.class).withName(NAME).get();
    return new ClusterView(elapsedMillis(), views, ChaosViews.osv(osv), sysctlOf(nc));
  }

  /**
   * The NodeConfig's sysctl value; null when it is gone or being deleted (the API server then
   * serves it without the operator's finalizer work done, and its spec no longer counts).
   */
  private static String sysctlOf(NodeConfig nc) {
    if (nc == null
        || nc.getMetadata().getDeletionTimestamp() != null
        || nc.getSpec() == null
        || nc.getSpec().sysctls() == null
        || nc.getSpec().sysctls().isEmpty()) {
      return null;
    }
    return nc.getSpec().sysctls().get(0).value();
  }

  private String outcome(ClusterView view) {
    recordKills();
    return view.osv() == null ? "OSVersion deleted" : "Ready=" + view.osv().ready();
  }

  private void recordKills() {
    int kills = cluster.nodes().stream().mapToInt(n -> n.faults().killsFired()).sum();
    if (kills > 0) {
      injected.merge(FaultKind.DAEMON_KILL_AT_ACTION, kills, Integer::sum);
    }
  }

  private void count(FaultKind kind) {
    injected.merge(kind, 1, Integer::sum);
  }

  private SimulatedNode node(ChaosFault f) {
    return cluster.node("node-" + f.node());
  }

  private long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private void apply(String yaml) {
    if (yaml.contains("kind: OSVersion")) {
      cluster
          .admin()
          .resources(OSVersion.class)
          .resource(Serialization.unmarshal(yaml, OSVersion.class))
          .create();
    } else {
      cluster
          .admin()
          .resources(NodeConfig.class)
          .resource(Serialization.unmarshal(yaml, NodeConfig.class))
          .create();
    }
  }

  private String osVersion(String image) {
    return """
        apiVersion: nestos.openeuler.org/v1alpha1
        kind: OSVersion
        metadata:
          name: %s
        spec:
          osImage: %s
          nodeSelector:
            matchLabels:
              node-role.kubernetes.io/worker: ""
          rollout:
            maxUnavailable: %d
            maxFailures: %d
            staging:
              policy: %s
            drain:
              deleteUnmanagedPods: true
            healthGate:
              deadlineSeconds: 6
              minReadySeconds: 1
              checks:
                - name: kubelet
                  type: SystemdUnit
                  systemdUnit:
                    unit: kubelet.service
        """
        .formatted(
            NAME,
            image,
            schedule.maxUnavailable(),
            schedule.maxFailures(),
            schedule.eagerStaging() ? "Eager" : "OnGrant");
  }

  private static String nodeConfig(String value) {
    return """
        apiVersion: nestos.openeuler.org/v1alpha1
        kind: NodeConfig
        metadata:
          name: %s
        spec:
          nodeSelector:
            matchLabels:
              node-role.kubernetes.io/worker: ""
          sysctls:
            - name: %s
              value: "%s"
        """
        .formatted(NAME, ChaosSchedule.SYSCTL, value);
  }

  static String digest(String image) {
    return image.substring(image.indexOf('@') + 1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static boolean cordonedByUs(Node n) {
    return (n.getMetadata().getAnnotations() != null
            && n.getMetadata().getAnnotations().containsKey(Annotations.CORDONED_FOR))
        || Boolean.TRUE.equals(n.getSpec().getUnschedulable());
  }
}
