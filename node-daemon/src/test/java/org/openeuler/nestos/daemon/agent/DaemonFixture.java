package org.openeuler.nestos.daemon.agent;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.api.v1alpha1.SystemdUnitCheck;
import org.openeuler.nestos.apiserver.ClientTls;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.daemon.kube.KubeEndpoint;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.daemon.update.HealthProbe;
import org.openeuler.nestos.daemon.update.UpdateAgent;
import org.openeuler.nestos.ostree.testing.FakeOsHost;

/**
 * One simulated node against the test API server: a Node object, a temp-dir host ({@code /proc/sys}
 * files, a {@code /proc/cmdline}, a cgroup v1 tree laid out as the kubelet's cgroupfs driver does),
 * a {@link FakeOsHost}, a health probe whose verdict the test sets, and a {@link NodeAgent} that
 * can be killed and restarted on the same host. The test plays the operator (creates the NodeState,
 * grants tickets).
 */
final class DaemonFixture implements AutoCloseable {

  static final String CG = "/sys/fs/cgroup";
  private static final AtomicInteger SEQ = new AtomicInteger();

  final TestApiServer server;
  final String node;
  final KubernetesClient operator;
  final Path root;
  final RootedHostFs fs;
  final FakeOsHost os = new FakeOsHost(Specs.OLD_REF, Specs.BOOT_KARGS);
  volatile boolean healthy = true;
  NodeApi daemonClient;
  NodeAgent agent;
  DaemonMetrics metrics;

  /**
   * The live loop's drift check period for the next {@link #start}; null: the production default.
   */
  Duration driftInterval;

  /** The pressure sampling period (dynMemory, psi) for the next {@link #start}; null: default. */
  Duration pressureInterval;

  /** What the daemon sees of the host's files (a test may wrap {@link #fs} to count reads). */
  java.util.function.UnaryOperator<org.openeuler.nestos.daemon.host.HostFs> agentFs = x -> x;

  /** The daemon's own namespace for the next {@link #start} (POD_NAMESPACE); null: unknown. */
  String namespace;

  int starts;

  /**
   * What the next {@link #start}ed daemon runs on a fatal error (the process exits); null: none.
   */
  Runnable onFatal;

  /** Every request the daemon's clients sent, as "METHOD uri" (what it asked the server for). */
  final java.util.List<String> daemonRequests = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Where the daemon's client connects (the test API server's, unless given). */
  private final io.fabric8.kubernetes.client.Config daemonConfig;

  DaemonFixture(TestApiServer server, Path tmp) throws IOException {
    this(server, server.clientConfig(), server.clientConfig(), "node-", tmp);
  }

  /**
   * A node on any API server (e.g. the real control plane): the test's "operator" client uses
   * {@code operatorConfig}, the daemon {@code daemonConfig}; node names start with {@code prefix}.
   */
  DaemonFixture(
      io.fabric8.kubernetes.client.Config operatorConfig,
      io.fabric8.kubernetes.client.Config daemonConfig,
      String prefix,
      Path tmp)
      throws IOException {
    this(null, operatorConfig, daemonConfig, prefix, tmp);
  }

  private DaemonFixture(
      TestApiServer server,
      io.fabric8.kubernetes.client.Config operatorConfig,
      io.fabric8.kubernetes.client.Config daemonConfig,
      String prefix,
      Path tmp)
      throws IOException {
    this.server = server;
    this.daemonConfig = daemonConfig;
    this.node = prefix + SEQ.incrementAndGet();
    this.operator = new KubernetesClientBuilder().withConfig(operatorConfig).build();
    operator
        .nodes()
        .resource(
            new NodeBuilder().withMetadata(new ObjectMetaBuilder().withName(node).build()).build())
        .create();
    this.root = Files.createDirectories(tmp.resolve(node));
    this.fs = new RootedHostFs(root);
    file("/proc/sys/vm/swappiness", "60\n");
    file("/proc/sys/vm/dirty_ratio", "20\n");
    file("/proc/cmdline", "root=/dev/vda4 rw\n");
    for (String c : List.of("cpu", "memory", "blkio")) {
      fs.createDirectories(CG + "/" + c + "/kubepods/besteffort");
    }
    file(CG + "/cpu/kubepods/cpu.idle", "0\n");
    file(CG + "/cpu/kubepods/cpu.shares", "1024\n");
    file(CG + "/cpu/kubepods/cpu.cfs_quota_us", "-1\n");
    file(CG + "/cpu/kubepods/cpu.cfs_burst_us", "0\n");
  }

  void file(String path, String content) throws IOException {
    fs.createDirectories(path.substring(0, path.lastIndexOf('/')));
    fs.writeAtomically(path, content);
  }

  String uid() {
    return operator.nodes().withName(node).get().getMetadata().getUid();
  }

  /** Starts a daemon process (a new NodeAgent on the same host record, FakeOsHost and files). */
  NodeAgent start(UpdateAgent.StepListener listener) throws Exception {
    starts++;
    daemonClient =
        new NodeApi(
            new KubeEndpoint(
                java.net.URI.create(daemonConfig.getMasterUrl()),
                ClientTls.of(daemonConfig),
                null,
                "nestos-node-daemon/test",
                daemonRequests::add));
    HealthProbe probe =
        checks ->
            checks.stream()
                .map(
                    c ->
                        new HealthCheckResult(
                            c.name(),
                            healthy
                                ? HealthCheckResult.Result.Passing
                                : HealthCheckResult.Result.Failing,
                            null,
                            healthy ? "active" : "inactive"))
                .toList();
    NodeAgent.Options options =
        NodeAgent.Options.defaults(onFatal)
            .withVerifyTick(Duration.ofMillis(100))
            .withStepListener(listener);
    if (driftInterval != null) {
      options = options.withDriftInterval(driftInterval);
    }
    if (pressureInterval != null) {
      options = options.withPressureInterval(pressureInterval);
    }
    options = options.withNamespace(namespace);
    metrics = new DaemonMetrics(node);
    agent =
        new NodeAgent(
            daemonClient, node, new NodeAgent.Host(os, agentFs.apply(fs), probe), metrics, options);
    agent.start();
    return agent;
  }

  /** Kills the daemon (as a crash would) without any cleanup beyond closing its connections. */
  void kill() {
    if (agent != null) {
      agent.close();
      daemonClient.close();
      agent = null;
    }
  }

  /** Creates a pod bound to this node (one container, busybox) with {@code annotations}. */
  void pod(String namespace, String name, java.util.Map<String, String> annotations) {
    operator
        .pods()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  NodeState get() {
    return operator.resources(NodeState.class).withName(node).get();
  }

  NodeStateSpec spec(
      String revision,
      Disruption d,
      HealthGate.FailureAction action,
      List<OwnedSysctl> sysctls,
      RubikProfile rubik) {
    HealthCheck check =
        new HealthCheck(
            "kubelet",
            HealthCheck.Type.SystemdUnit,
            10,
            null,
            null,
            new SystemdUnitCheck("kubelet.service"),
            null);
    HealthGate gate = new HealthGate(2, 0, List.of(check), action);
    return new NodeStateSpec(
        node,
        uid(),
        revision,
        revision == null ? null : Specs.NEW,
        "osv",
        null,
        revision == null
            ? null
            : List.of(new OwnedKernelArgument("mitigations=auto", List.of("NodeConfig/base"))),
        sysctls,
        rubik,
        gate,
        d);
  }

  void create(NodeStateSpec spec) {
    NodeState ns = new NodeState();
    ns.setMetadata(new ObjectMetaBuilder().withName(node).build());
    ns.setSpec(spec);
    operator.resources(NodeState.class).resource(ns).create();
  }

  /** The operator's spec write (retried on conflicts with the daemon's status writes). */
  void update(java.util.function.UnaryOperator<NodeStateSpec> change) {
    for (int i = 0; ; i++) {
      NodeState ns = get();
      ns.setSpec(change.apply(ns.getSpec()));
      try {
        operator.resources(NodeState.class).resource(ns).update();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || i > 20) {
          throw e;
        }
      }
    }
  }

  /**
   * What the operator does before a reboot: cordons the Node for {@code revision} (unschedulable +
   * the {@code cordoned-for} annotation), then grants with the ticket it issues for the grant's
   * fields; returns the ticket.
   */
  String operatorGrant(String bootId, String revision) {
    cordonFor(revision);
    String ticket =
        org.openeuler.nestos.api.Tickets.of(
            get().getSpec().osVersionRef(), Disruption.Allowed.Reboot, uid(), bootId, revision);
    grant(ticket, bootId, revision);
    return ticket;
  }

  /** Cordons the Node as the operator does for {@code revision}. */
  void cordonFor(String revision) {
    operator
        .nodes()
        .withName(node)
        .edit(
            n -> {
              if (n.getSpec() == null) {
                n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
              }
              n.getSpec().setUnschedulable(true);
              java.util.Map<String, String> a =
                  new java.util.HashMap<>(
                      n.getMetadata().getAnnotations() == null
                          ? java.util.Map.of()
                          : n.getMetadata().getAnnotations());
              a.put(org.openeuler.nestos.api.Annotations.CORDONED_FOR, revision);
              n.getMetadata().setAnnotations(a);
              return n;
            });
  }

  /**
   * Writes exactly this Reboot grant into the spec (by hand, as anyone with write access could).
   */
  void grant(String ticket, String bootId, String revision) {
    update(
        s ->
            new NodeStateSpec(
                s.nodeName(),
                s.nodeUID(),
                s.revision(),
                s.osImage(),
                s.osVersionRef(),
                s.imagePolicy(),
                s.kernelArguments(),
                s.sysctls(),
                s.rubikProfile(),
                s.healthGate(),
                new Disruption(Disruption.Allowed.Reboot, ticket, bootId, revision)));
  }

  static String condition(NodeState ns, String type) {
    if (ns == null || ns.getStatus() == null || ns.getStatus().conditions() == null) {
      return null;
    }
    return ns.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    kill();
    operator.close();
  }
}
