package org.openeuler.nestos.daemon.agent;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.api.v1alpha1.SystemdUnitCheck;
import org.openeuler.nestos.apiserver.ClientTls;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.HostRecord;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdateAction;
import org.openeuler.nestos.daemon.health.HealthChecker;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.daemon.kube.KubeEndpoint;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.daemon.update.HealthProbe;
import org.openeuler.nestos.daemon.update.HostRecordStore;
import org.openeuler.nestos.daemon.update.UpdateAgent;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.core.sysroot.AdminDeployment;
import org.openeuler.nestos.ostree.host.CommandRunner;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.image.ImageSource;
import org.openeuler.nestos.ostree.image.RegistryImageSource;
import org.openeuler.nestos.ostree.sysroot.OstreeSysrootHost;
import org.openeuler.nestos.ostree.testing.InMemoryOsHost;
import org.openeuler.nestos.ostree.testing.LocalRegistry;

/**
 * The daemon tests' one node fixture: a Node object on an API server (the stand-in or the real
 * control plane), a temp-dir host root (the daemon's host record under it) and a {@link NodeAgent}
 * that can be killed and restarted on the same host. The test plays the operator (creates the
 * NodeState, cordons, grants tickets). Two OS hosts:
 *
 * <ul>
 *   <li>{@code new DaemonFixture(...)}: the in-memory {@link InMemoryOsHost} ({@link #fake}),
 *       {@code /proc/sys} files, a {@code /proc/cmdline}, a cgroup v1 tree laid out as the
 *       kubelet's cgroupfs driver does, and a health probe whose verdict the test sets ({@link
 *       #healthy});
 *   <li>{@link #onRealOstree}: a real ostree sysroot booted on an image of the {@link
 *       LocalRegistry} ({@link #sysroot}) and the real {@link HealthChecker} running commands.
 * </ul>
 *
 * Either way the reboots the daemon completes are counted ({@link #completedReboots}) and what was
 * on disk right before each reboot action is kept ({@link #reboots}).
 */
final class DaemonFixture implements AutoCloseable {

  static final String CG = "/sys/fs/cgroup";
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner(HostNamespace.NONE);

  final TestApiServer server;
  final String node;
  final KubernetesClient operator;
  final Path root;
  final RootedHostFs fs;

  /** The in-memory OS host; null on a real ostree sysroot. */
  final InMemoryOsHost fake;

  /** The real ostree sysroot; null on the in-memory host. */
  final OstreeSysrootHost sysroot;

  /** The OS host the daemon gets: whichever of the two, counting the reboots it completes. */
  private final OsHost counted;

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
    this(server, server.clientConfig(), server.clientConfig(), "node-", tmp, null);
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
    this(null, operatorConfig, daemonConfig, prefix, tmp, null);
  }

  /**
   * A node on a real ostree sysroot booted on {@code imageA} (plain digest reference, commit {@code
   * commitA}) with the boot kargs {@code root=LABEL=root rw}; every ostree command runs through
   * {@code runner}; images are read through {@code sources} (given the host root; null: the
   * registry's own client, with its credentials).
   */
  static DaemonFixture onRealOstree(
      TestApiServer server,
      Path work,
      LocalRegistry registry,
      String imageA,
      String commitA,
      CommandRunner runner,
      Function<Path, Function<DockerReference, ImageSource>> sources)
      throws IOException {
    RealSysroot real = new RealSysroot(registry, imageA, commitA, runner, sources);
    return new DaemonFixture(
        server, server.clientConfig(), server.clientConfig(), "ostree-node-", work, real);
  }

  /** {@link #onRealOstree} with ostree run as this process and the registry's own client. */
  static DaemonFixture onRealOstree(
      TestApiServer server, Path work, LocalRegistry registry, String imageA, String commitA)
      throws IOException {
    return onRealOstree(server, work, registry, imageA, commitA, RUNNER, null);
  }

  /** {@link #onRealOstree} with every ostree command run through {@code runner}. */
  static DaemonFixture onRealOstree(
      TestApiServer server,
      Path work,
      LocalRegistry registry,
      String imageA,
      String commitA,
      CommandRunner runner)
      throws IOException {
    return onRealOstree(server, work, registry, imageA, commitA, runner, null);
  }

  private record RealSysroot(
      LocalRegistry registry,
      String imageA,
      String commitA,
      CommandRunner runner,
      Function<Path, Function<DockerReference, ImageSource>> sources) {}

  private DaemonFixture(
      TestApiServer server,
      io.fabric8.kubernetes.client.Config operatorConfig,
      io.fabric8.kubernetes.client.Config daemonConfig,
      String prefix,
      Path tmp,
      RealSysroot real)
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
    if (real != null) {
      file("/proc/cmdline", "root=LABEL=root rw\n");
      this.fake = null;
      this.sysroot =
          new OstreeSysrootHost(
                  root.resolve("sysroot"),
                  real.runner(),
                  real.sources() == null
                      ? RegistryImageSource.factory(real.registry().client())
                      : real.sources().apply(root))
              .initialize();
      sysroot.stage(
          "ostree-unverified-registry:" + real.imageA(),
          new KernelArgumentEdit(List.of(), List.of("root=LABEL=root", "rw")));
      sysroot.finalizeAndReboot(real.commitA());
      this.counted = new CountingOsHost(sysroot, completedReboots);
      return;
    }
    this.fake = new InMemoryOsHost(Specs.OLD_REF, Specs.BOOT_KARGS);
    this.sysroot = null;
    this.counted = new CountingOsHost(fake, completedReboots);
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

  /**
   * Starts a daemon process (a new NodeAgent on the same host record, InMemoryOsHost and files).
   */
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
        sysroot != null
            ? new CheckerProbe(
                new HealthChecker(RUNNER, CheckerProbe.readiness(List::of), Clock.systemUTC()))
            : checks ->
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
            .withStepListener(
                action -> {
                  beforeAction(action);
                  if (listener != null) {
                    listener.beforeAction(action);
                  }
                });
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
            daemonClient,
            node,
            new NodeAgent.Host(counted, agentFs.apply(fs), probe),
            metrics,
            options);
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

  /** {@link #start(UpdateAgent.StepListener)} without a listener. */
  NodeAgent start() throws Exception {
    return start(null);
  }

  /**
   * What was on disk right before a reboot action ran: the host record, the booted and the pinned
   * checksums.
   */
  record BeforeReboot(
      String action, HostRecord record, String bootedChecksum, List<String> pinned) {}

  /** Each reboot action's view of the host, in order. */
  final List<BeforeReboot> reboots = new CopyOnWriteArrayList<>();

  /** Reboots the daemon's finalize and rollback calls completed (the simulated reboots). */
  final AtomicInteger completedReboots = new AtomicInteger();

  private void beforeAction(UpdateAction action) {
    if (action instanceof UpdateAction.FinalizeAndReboot
        || action instanceof UpdateAction.Rollback) {
      try {
        var status = counted.status();
        reboots.add(
            new BeforeReboot(
                action.getClass().getSimpleName(),
                record().orElse(null),
                status.booted().map(d -> d.checksum()).orElse(null),
                status.deployments().stream()
                    .filter(d -> d.pinned())
                    .map(d -> d.checksum())
                    .toList()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** A rendered spec with one owned kernel argument {@code nestos.update=<revision>}. */
  NodeStateSpec spec(
      String revision, String image, ImagePolicy policy, HealthGate gate, Disruption disruption) {
    return new NodeStateSpec(
        node,
        uid(),
        revision,
        image,
        "osv",
        policy,
        List.of(new OwnedKernelArgument("nestos.update=" + revision, List.of("NodeConfig/base"))),
        List.of(),
        null,
        gate,
        disruption);
  }

  /** The NodeState status (an empty one before the daemon's first write). */
  NodeStateStatus status() {
    NodeState ns = get();
    return ns == null || ns.getStatus() == null
        ? new NodeStateStatus(
            null, null, null, null, null, null, null, null, null, null, null, null)
        : ns.getStatus();
  }

  /** The daemon's durable host record, as a restarted daemon would read it. */
  Optional<HostRecord> record() throws IOException {
    return new HostRecordStore(fs).load();
  }

  /** The directory of a deployment of the real sysroot. */
  Path deployDir(AdminDeployment d) {
    return root.resolve("sysroot/ostree/deploy/" + d.osname() + "/deploy/" + d.id());
  }

  @Override
  public void close() {
    kill();
    operator.close();
  }
}
