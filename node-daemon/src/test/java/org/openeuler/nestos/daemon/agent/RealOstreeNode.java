package org.openeuler.nestos.daemon.agent;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.HostRecord;
import org.openeuler.nestos.daemon.core.update.UpdateAction;
import org.openeuler.nestos.daemon.health.HealthChecker;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.daemon.kube.KubeEndpoint;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.daemon.update.HostRecordStore;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.sysroot.AdminDeployment;
import org.openeuler.nestos.ostree.host.CommandRunner;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.image.RegistryImageSource;
import org.openeuler.nestos.ostree.sysroot.OstreeSysrootHost;
import org.openeuler.nestos.ostree.testing.LocalRegistry;

/**
 * One node on real host parts: a Node object in the test API server, a temp host root (the daemon's
 * host record under it), a real ostree sysroot booted on image A ({@link OstreeSysrootHost}, images
 * pulled from the {@link LocalRegistry}), the real {@link HealthChecker} running commands, and a
 * {@link NodeAgent} that can be killed and restarted on the same host (a daemon restart, e.g. after
 * a reboot).
 */
final class RealOstreeNode implements AutoCloseable {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner(HostNamespace.NONE);

  final TestApiServer server;
  final String node;
  final KubernetesClient operator;
  final Path root;
  final RootedHostFs fs;
  final OstreeSysrootHost os;
  NodeApi daemonClient;
  NodeAgent agent;

  /** The daemon's namespace (where it reads pull Secrets); null: none. */
  String namespace;

  /**
   * A node booted on {@code imageA} (plain digest reference), with the boot kargs {@code
   * root=LABEL=root rw}.
   */
  RealOstreeNode(
      TestApiServer server, Path work, LocalRegistry registry, String imageA, String commitA)
      throws IOException {
    this(server, work, registry, imageA, commitA, RUNNER);
  }

  /** As above, with every ostree command of the sysroot backend run through {@code runner}. */
  RealOstreeNode(
      TestApiServer server,
      Path work,
      LocalRegistry registry,
      String imageA,
      String commitA,
      CommandRunner runner)
      throws IOException {
    this(server, work, registry, imageA, commitA, runner, null);
  }

  /**
   * As above, with the images read through {@code sources} (given the host root; null: the
   * registry's own client, with its credentials).
   */
  RealOstreeNode(
      TestApiServer server,
      Path work,
      LocalRegistry registry,
      String imageA,
      String commitA,
      CommandRunner runner,
      java.util.function.Function<
              Path,
              java.util.function.Function<
                  org.openeuler.nestos.ostree.core.ref.DockerReference,
                  org.openeuler.nestos.ostree.image.ImageSource>>
          sources)
      throws IOException {
    this.server = server;
    this.node = "ostree-node-" + SEQ.incrementAndGet();
    this.operator = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
    operator
        .nodes()
        .resource(
            new NodeBuilder().withMetadata(new ObjectMetaBuilder().withName(node).build()).build())
        .create();
    this.root = Files.createDirectories(work.resolve(node));
    this.fs = new RootedHostFs(root);
    fs.createDirectories("/proc");
    fs.writeAtomically("/proc/cmdline", "root=LABEL=root rw\n");
    this.os =
        new OstreeSysrootHost(
                root.resolve("sysroot"),
                runner,
                sources == null
                    ? RegistryImageSource.factory(registry.client())
                    : sources.apply(root))
            .initialize();
    os.stage(
        "ostree-unverified-registry:" + imageA,
        new KernelArgumentEdit(List.of(), List.of("root=LABEL=root", "rw")));
    os.finalizeAndReboot(commitA);
  }

  /**
   * What was on disk right before a reboot action ran: the host record, the booted and the pinned
   * checksums.
   */
  record BeforeReboot(
      String action, HostRecord record, String bootedChecksum, List<String> pinned) {}

  final List<BeforeReboot> reboots = new CopyOnWriteArrayList<>();

  /** Reboots the daemon's finalize and rollback calls completed (the simulated reboots). */
  final AtomicInteger completedReboots = new AtomicInteger();

  /** The sysroot backend as the daemon sees it, counting the reboots it completes. */
  private final org.openeuler.nestos.ostree.host.OsHost counted =
      new org.openeuler.nestos.ostree.host.OsHost() {
        @Override
        public org.openeuler.nestos.ostree.core.status.OsStatus status() {
          return os.status();
        }

        @Override
        public String bootId() {
          return os.bootId();
        }

        @Override
        public List<String> kernelCommandLine() {
          return os.kernelCommandLine();
        }

        @Override
        public org.openeuler.nestos.ostree.core.status.OsStatus stage(
            String imageReference, KernelArgumentEdit kernelArguments) {
          return os.stage(imageReference, kernelArguments);
        }

        @Override
        public org.openeuler.nestos.ostree.host.RemoteSetup ensureRemote(
            String name, List<String> armoredKeys) {
          return os.ensureRemote(name, armoredKeys);
        }

        @Override
        public void finalizeAndReboot(String checksum) {
          os.finalizeAndReboot(checksum);
          completedReboots.incrementAndGet();
        }

        @Override
        public void rollback() {
          os.rollback();
          completedReboots.incrementAndGet();
        }

        @Override
        public void makeBootedDefault() {
          os.makeBootedDefault();
        }

        @Override
        public void pin(String checksum) {
          os.pin(checksum);
        }

        @Override
        public void cleanup() {
          os.cleanup();
        }
      };

  /**
   * Starts a daemon on this host (a fresh NodeAgent and client; the host record and sysroot
   * persist).
   */
  NodeAgent start() throws Exception {
    daemonClient =
        new NodeApi(
            new KubeEndpoint(
                java.net.URI.create(server.clientConfig().getMasterUrl()),
                null,
                null,
                "nestos-node-daemon/test",
                null));
    CheckerProbe probe =
        new CheckerProbe(
            new HealthChecker(RUNNER, CheckerProbe.readiness(List::of), Clock.systemUTC()));
    NodeAgent.Options options =
        NodeAgent.Options.defaults(null)
            .withVerifyTick(Duration.ofMillis(100))
            .withStepListener(this::beforeAction)
            .withNamespace(namespace);
    agent =
        new NodeAgent(
            daemonClient,
            node,
            new NodeAgent.Host(counted, fs, probe),
            new DaemonMetrics(node),
            options);
    agent.start();
    return agent;
  }

  private void beforeAction(UpdateAction action) {
    if (action instanceof UpdateAction.FinalizeAndReboot
        || action instanceof UpdateAction.Rollback) {
      try {
        var status = os.status();
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

  /**
   * Stops the daemon as a crash or a reboot would, without any cleanup beyond closing its
   * connections.
   */
  void kill() {
    if (agent != null) {
      agent.close();
      daemonClient.close();
      agent = null;
    }
  }

  String uid() {
    return operator.nodes().withName(node).get().getMetadata().getUid();
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

  void create(NodeStateSpec spec) {
    NodeState ns = new NodeState();
    ns.setMetadata(new ObjectMetaBuilder().withName(node).build());
    ns.setSpec(spec);
    operator.resources(NodeState.class).resource(ns).create();
  }

  /** The operator's spec write, retried on conflicts with the daemon's status writes. */
  void update(UnaryOperator<NodeStateSpec> change) {
    for (int i = 0; ; i++) {
      NodeState ns = get();
      ns.setSpec(change.apply(ns.getSpec()));
      try {
        operator.resources(NodeState.class).resource(ns).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || i > 20) {
          throw e;
        }
      }
    }
  }

  /**
   * Grants a reboot as the operator does: cordons the Node for {@code revision}, then writes the
   * ticket the operator issues for the grant's fields; returns the ticket.
   */
  String grant(String bootId, String revision) {
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
    String ticket =
        org.openeuler.nestos.api.Tickets.of(
            get().getSpec().osVersionRef(), Disruption.Allowed.Reboot, uid(), bootId, revision);
    grant(ticket, bootId, revision);
    return ticket;
  }

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

  NodeState get() {
    return operator.resources(NodeState.class).withName(node).get();
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

  Path deployDir(AdminDeployment d) {
    return root.resolve("sysroot/ostree/deploy/" + d.osname() + "/deploy/" + d.id());
  }

  @Override
  public void close() {
    kill();
    operator.close();
  }
}
