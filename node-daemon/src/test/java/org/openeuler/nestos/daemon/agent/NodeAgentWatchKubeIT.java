package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.apiserver.ClientTls;
import org.openeuler.nestos.controlplane.PeerApiserver;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.controlplane.TcpRelay;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdateAction;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.daemon.kube.KubeApiException;
import org.openeuler.nestos.daemon.kube.KubeEndpoint;
import org.openeuler.nestos.daemon.kube.NodeApi;

/**
 * Watch semantics the test API server may fake, proven with the daemon's own code on the real
 * kube-apiserver + etcd: a watch resumed from a compacted resourceVersion (410 Gone, relist),
 * bookmarks, a status write against another field manager, and the resourceVersion precondition of
 * a ticket claim. The test plays the operator ({@link DaemonFixture}) with the admin identity.
 */
class NodeAgentWatchKubeIT {

  static final RealControlPlane CP = RealControlPlane.shared();
  static final Duration WAIT = Duration.ofSeconds(90);
  static PeerApiserver noWatchCache;

  @TempDir Path tmp;

  @BeforeAll
  static void up() throws Exception {
    // An HA peer without a watch cache: every watch it serves reads etcd, so a resourceVersion
    // older than the last compaction gets 410 Gone as in a cluster whose watch cache window the
    // client has fallen out of.
    noWatchCache = CP.startPeerApiserver("--watch-cache=false");
  }

  @AfterAll
  static void down() {
    noWatchCache.close();
  }

  private DaemonFixture fixture(Config daemon) throws Exception {
    return new DaemonFixture(CP.adminConfig(), daemon, "watch-node-", tmp);
  }

  private static Config to(String url) {
    return new ConfigBuilder(CP.adminConfig()).withMasterUrl(url).build();
  }

  /** The daemon's own client's endpoint for {@code config}'s server and identity. */
  static KubeEndpoint endpoint(Config config) {
    return new KubeEndpoint(
        java.net.URI.create(config.getMasterUrl()), ClientTls.of(config), null, "test", null);
  }

  private static List<OwnedSysctl> swappiness(String value) {
    return List.of(new OwnedSysctl("vm.swappiness", value, List.of("NodeConfig/base")));
  }

  private static UnaryOperator<NodeStateSpec> sysctls(List<OwnedSysctl> sysctls) {
    return s ->
        new NodeStateSpec(
            s.nodeName(),
            s.nodeUID(),
            s.revision(),
            s.osImage(),
            s.osVersionRef(),
            s.imagePolicy(),
            s.kernelArguments(),
            sysctls,
            s.rubikProfile(),
            s.healthGate(),
            s.disruption());
  }

  /** Starts the daemon on a NodeState setting vm.swappiness=10 and waits until it applied it. */
  private static void startApplied(DaemonFixture f) throws Exception {
    f.start(null);
    f.create(f.spec(null, Specs.none(), FailureAction.RollbackNode, swappiness("10"), null));
    await()
        .atMost(WAIT)
        .until(() -> f.fs.read("/proc/sys/vm/swappiness").orElse("").equals("10\n"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                f.agent.synced()
                    && f.get().getStatus() != null
                    && f.get().getStatus().sysctls() != null
                    && Integer.valueOf(1).equals(f.get().getStatus().sysctls().applied()));
  }

  private static Pod boundPod(String name, String node) {
    return CP.admin()
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("app")
                .withImage("registry.example.com/app:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private static void cleanUp(DaemonFixture f, String... pods) {
    f.kill();
    for (String p : pods) {
      CP.admin().pods().inNamespace("default").withName(p).withGracePeriod(0).delete();
    }
    CP.admin().resources(NodeState.class).withName(f.node).delete();
    CP.admin().nodes().withName(f.node).delete();
  }

  /** The LIST requests (an informer's list, not a watch) the daemon sent for {@code resource}. */
  static long lists(DaemonFixture f, String resource) {
    return f.daemonRequests.stream()
        .filter(r -> r.startsWith("GET ") && r.contains("/" + resource + "?"))
        .filter(r -> !r.contains("watch=true"))
        .count();
  }

  @Test
  void watchesResumedFromACompactedResourceVersionRelistAndSeeWhatChangedInTheGap()
      throws Exception {
    try (TcpRelay relay = new TcpRelay(noWatchCache.port());
        DaemonFixture f = fixture(to(relay.url()))) {
      String pod = f.node + "-gap";
      String gone = f.node + "-gone";
      try {
        startApplied(f);
        boundPod(gone, f.node);
        await()
            .atMost(WAIT)
            .until(() -> f.agent.pods().stream().anyMatch(p -> p.name().equals(gone)));
        long stateLists = lists(f, "nodestates");
        long podLists = lists(f, "pods");

        relay.cut(); // both of the daemon's watches drop and cannot reconnect
        f.update(sysctls(swappiness("20"))); // the operator's change, on the other apiserver
        boundPod(pod, f.node);
        CP.admin().pods().inNamespace("default").withName(gone).withGracePeriod(0).delete();
        long compacted = CP.compactEtcd();
        relay.restore();

        // the resumed watches get 410 Gone; the informers relist and deliver what they missed,
        // the pod deleted in the gap included
        await()
            .atMost(WAIT)
            .until(() -> f.fs.read("/proc/sys/vm/swappiness").orElse("").equals("20\n"));
        await()
            .atMost(WAIT)
            .until(() -> f.agent.pods().stream().anyMatch(p -> p.name().equals(pod)));
        await()
            .atMost(WAIT)
            .until(() -> f.agent.pods().stream().noneMatch(p -> p.name().equals(gone)));
        System.out.printf(
            "etcd compacted at %d during the daemon's watch gap: its NodeState LISTs %d -> %d, pod"
                + " LISTs %d -> %d%n",
            compacted, stateLists, lists(f, "nodestates"), podLists, lists(f, "pods"));
        assertThat(lists(f, "nodestates")).as("NodeState relist").isEqualTo(stateLists + 1);
        assertThat(lists(f, "pods")).as("pod relist").isEqualTo(podLists + 1);
        assertThat(f.agent.crashed()).isFalse();
      } finally {
        cleanUp(f, pod, gone);
      }
    }
  }

  @Test
  void bookmarksArriveOnTheDaemonsWatchesAndTheDaemonCarriesOn() throws Exception {
    try (DaemonFixture f = fixture(to(CP.url()))) {
      try {
        startApplied(f);
        // the daemon's informers ask for bookmarks (Informer sets allowWatchBookmarks on watches)
        assertThat(f.daemonRequests)
            .filteredOn(r -> r.contains("watch=true"))
            .isNotEmpty()
            .allMatch(r -> r.contains("allowWatchBookmarks=true"));
        // the same watches, opened by the test: the apiserver sends bookmarks on them, both right
        // before a watch's timeout and about once a minute
        List<NodeState> bookmarks = new CopyOnWriteArrayList<>();
        List<NodeState> events = new CopyOnWriteArrayList<>();
        String rv = f.get().getMetadata().getResourceVersion();
        long writes = f.agent.statusWrites();
        String other = f.node + "-other";
        NodeState progress;
        try (Watch periodic =
            CP.admin()
                .resources(NodeState.class)
                .withField("metadata.name", f.node)
                .watch(
                    new ListOptionsBuilder()
                        .withResourceVersion(rv)
                        .withAllowWatchBookmarks(true)
                        // the apiserver sends a bookmark 2 s before a watch times out (and once a
                        // minute): a short timeout keeps the test from waiting for the minute
                        .withTimeoutSeconds(6L)
                        .build(),
                    collect(bookmarks, events))) {
          // a write the watch does not select moves the watch cache on: the next bookmark
          // carries it, so a watch resumed after it need not replay (or relist) that far back
          progress = otherNodeState(f, other);
          await().atMost(Duration.ofSeconds(30)).until(() -> !bookmarks.isEmpty());
        } finally {
          CP.admin().resources(NodeState.class).withName(other).delete();
        }
        NodeState bookmark = bookmarks.get(0);
        System.out.printf(
            "bookmark on the daemon's NodeState watch: resourceVersion %s (watch from %s, other"
                + " NodeState written at %s), name %s, spec %s%n",
            bookmark.getMetadata().getResourceVersion(),
            rv,
            progress.getMetadata().getResourceVersion(),
            bookmark.getMetadata().getName(),
            bookmark.getSpec());
        assertThat(Long.parseLong(bookmark.getMetadata().getResourceVersion()))
            .isGreaterThanOrEqualTo(Long.parseLong(progress.getMetadata().getResourceVersion()));
        assertThat(bookmark.getSpec()).isNull(); // an object with only its resourceVersion
        assertThat(events).isEmpty();

        // the daemon's own watches got theirs over the same minute: nothing written, nothing
        // relisted, and the next change is applied through the same watches
        f.agent.drain();
        assertThat(f.agent.statusWrites()).isEqualTo(writes);
        f.update(sysctls(swappiness("30")));
        await()
            .atMost(WAIT)
            .until(() -> f.fs.read("/proc/sys/vm/swappiness").orElse("").equals("30\n"));
        assertThat(f.daemonRequests)
            .filteredOn(
                r ->
                    r.startsWith("GET") && r.contains("fieldSelector") && !r.contains("watch=true"))
            .as("the daemon's LISTs: one per informer, no relist after bookmarks")
            .hasSize(2);
        assertThat(f.agent.crashed()).isFalse();
      } finally {
        cleanUp(f);
      }
    }
  }

  /** A NodeState of another (absent) node, written by the test. */
  private static NodeState otherNodeState(DaemonFixture f, String name) {
    NodeStateSpec s = f.spec(null, Specs.none(), FailureAction.RollbackNode, List.of(), null);
    NodeState ns = new NodeState();
    ns.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    ns.setSpec(
        new NodeStateSpec(
            name,
            "uid-" + name,
            s.revision(),
            s.osImage(),
            s.osVersionRef(),
            s.imagePolicy(),
            s.kernelArguments(),
            s.sysctls(),
            s.rubikProfile(),
            s.healthGate(),
            s.disruption()));
    return CP.admin().resources(NodeState.class).resource(ns).create();
  }

  private static Watcher<NodeState> collect(List<NodeState> bookmarks, List<NodeState> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, NodeState resource) {
        (action == Action.BOOKMARK ? bookmarks : events).add(resource);
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  @Test
  void aTicketClaimWithAStaleResourceVersionGets409AndTheDaemonReReadsAndClaimsAgain()
      throws Exception {
    try (DaemonFixture f = fixture(to(CP.url()))) {
      try {
        // the claim path itself: a status update carrying the resourceVersion the machine read
        f.create(f.spec(null, Specs.none(), FailureAction.RollbackNode, List.of(), null));
        NodeState read = f.get();
        bump(f, "1");
        NodeState current = f.get();
        try (NodeApi daemon = new NodeApi(endpoint(to(CP.url())))) {
          StatusWriter writer =
              new StatusWriter(daemon, f.node, "test", Clock.systemUTC(), () -> current, null);
          assertThat(writer.claimTicket("t-stale", read.getMetadata().getResourceVersion()))
              .as("claim with the resourceVersion read before another write")
              .isFalse();
          assertThat(f.get().getStatus()).isNull();
          assertThatThrownBy(
                  () -> {
                    NodeState stale = f.get();
                    stale.getMetadata().setResourceVersion(read.getMetadata().getResourceVersion());
                    daemon.replaceNodeStateStatus(stale);
                  })
              .isInstanceOfSatisfying(
                  KubeApiException.class, e -> assertThat(e.code()).isEqualTo(409));
          assertThat(writer.claimTicket("t-fresh", current.getMetadata().getResourceVersion()))
              .isTrue();
          assertThat(f.get().getStatus().acceptedTicket()).isEqualTo("t-fresh");
        }
        f.operator.resources(NodeState.class).withName(f.node).delete();
        await().atMost(WAIT).until(() -> f.get() == null);

        // the daemon's claim loop: another write lands between its read and its claim
        List<String> claims = new CopyOnWriteArrayList<>();
        f.start(
            action -> {
              if (action instanceof UpdateAction.ClaimTicket c) {
                claims.add(c.resourceVersion());
                if (claims.size() == 1) {
                  bump(f, "2");
                }
              }
            });
        NodeState staged = NodeAgentMockTest.staged(f, FailureAction.RollbackNode);
        String ticket = f.operatorGrant(staged.getStatus().bootID(), "r1");
        await()
            .atMost(WAIT)
            .until(() -> "True/UpToDate".equals(DaemonFixture.condition(f.get(), "Updated")));
        System.out.printf("ticket claims by resourceVersion: %s%n", claims);
        assertThat(claims).hasSize(2);
        assertThat(claims.get(1)).isNotEqualTo(claims.get(0));
        assertThat(f.get().getStatus().acceptedTicket()).isEqualTo(ticket);
        assertThat(f.fake.reboots()).isEqualTo(1);
        assertThat(f.agent.updateState().phase()).isEqualTo(UpdatePhase.UPDATED);
      } finally {
        cleanUp(f);
      }
    }
  }

  @Test
  void theDaemonsStatusWritesHoldAgainstAnotherFieldManager() throws Exception {
    try (DaemonFixture f = fixture(to(CP.url()))) {
      try {
        startApplied(f);
        String agentVersion = f.get().getStatus().agentVersion();
        ManagedFieldsEntry daemonEntry = statusManager(f.get(), "nestos-node-daemon");
        assertThat(daemonEntry.getOperation()).isEqualTo("Update");

        // another manager applies a field the daemon wrote: refused, naming the daemon
        assertThatThrownBy(() -> applyStatus(f, "intruder", false, "forged"))
            .isInstanceOfSatisfying(
                KubernetesClientException.class,
                e -> {
                  assertThat(e.getCode()).isEqualTo(409);
                  assertThat(e.getMessage()).contains("nestos-node-daemon");
                });
        assertThat(f.get().getStatus().agentVersion()).isEqualTo(agentVersion);

        // forced, it lands; the daemon's next write (an update, never an apply) takes it back
        // without force, retrying the 409 its cached resourceVersion may get
        applyStatus(f, "intruder", true, "forged");
        assertThat(f.get().getStatus().agentVersion()).isEqualTo("forged");
        f.update(
            sysctls(
                List.of(
                    new OwnedSysctl("vm.swappiness", "40", List.of("NodeConfig/base")),
                    new OwnedSysctl("vm.dirty_ratio", "30", List.of("NodeConfig/base")))));
        await().atMost(WAIT).until(() -> agentVersion.equals(f.get().getStatus().agentVersion()));
        assertThat(f.fs.read("/proc/sys/vm/swappiness")).contains("40\n");
        NodeState now = f.get();
        assertThat(now.getMetadata().getManagedFields())
            .filteredOn(m -> "intruder".equals(m.getManager()))
            .allSatisfy(
                m ->
                    assertThat(m.getFieldsV1().getAdditionalProperties().toString())
                        .doesNotContain("agentVersion"));
      } finally {
        cleanUp(f);
      }
    }
  }

  /** Another writer touches the NodeState (a merge patch: no resourceVersion precondition). */
  private static void bump(DaemonFixture f, String value) {
    f.operator
        .resources(NodeState.class)
        .withName(f.node)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"test/bump\":\"" + value + "\"}}}");
  }

  private static ManagedFieldsEntry statusManager(NodeState ns, String prefix) {
    return ns.getMetadata().getManagedFields().stream()
        .filter(m -> m.getManager().startsWith(prefix) && "status".equals(m.getSubresource()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no status manager " + prefix + " in " + ns.getMetadata().getManagedFields()));
  }

  private static void applyStatus(DaemonFixture f, String manager, boolean force, String version) {
    String body =
        "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\"NodeState\","
            + "\"metadata\":{\"name\":\""
            + f.node
            + "\"},\"status\":{\"agentVersion\":\""
            + version
            + "\"}}";
    CP.admin()
        .resources(NodeState.class)
        .withName(f.node)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(manager)
                .withForce(force)
                .build(),
            body);
  }
}
