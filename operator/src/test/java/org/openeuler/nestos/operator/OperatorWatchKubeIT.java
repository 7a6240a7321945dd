package org.openeuler.nestos.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeConfigSpec;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.SysctlSetting;
import org.openeuler.nestos.controlplane.PeerApiserver;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.controlplane.TcpRelay;
import org.openeuler.nestos.operator.testing.RequestRecorder;

/**
 * Watch semantics the test API server may fake, proven with the operator's own informers (JOSDK
 * event sources over fabric8) on the real kube-apiserver + etcd: list pagination over 5,000 Nodes,
 * and informers resumed from a compacted resourceVersion (410 Gone, relist).
 */
class OperatorWatchKubeIT {

  static final RealControlPlane CP = RealControlPlane.shared();
  static final String RUN_LABEL = "nestos.test/watch-run";
  static final Duration WAIT = Duration.ofMinutes(5);

  private static String run() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  /** The operator on {@code url} with the admin identity; its requests recorded. */
  private static OperatorRuntime operator(String url, List<String> requests) {
    Config config =
        new ConfigBuilder(CP.adminConfig())
            .withMasterUrl(url)
            .withUserAgent("nestos-operator/test")
            .build();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withKubernetesSerialization(org.openeuler.nestos.api.LenientResources.serialization())
            .withHttpClientBuilderConsumer(RequestRecorder.into(requests, java.net.URI::toString))
            .build();
    return OperatorRuntime.start(
        client,
        OperatorConfig.from(
            Map.of(), "--metrics-port=0", "--leader-election=false", "--reconcile-threads=8"),
        Clock.systemUTC());
  }

  /**
   * The LIST requests (not watches) in {@code requests} for {@code path} (e.g. "/api/v1/nodes").
   */
  private static List<String> lists(List<String> requests, String path) {
    return requests.stream()
        .filter(r -> r.startsWith("GET ") && (r.contains(path + "?") || r.endsWith(path)))
        .filter(r -> !r.contains("watch=true"))
        .toList();
  }

  private static void parallel(List<String> names, Consumer<String> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(24);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String n : names) {
        done.add(pool.submit(() -> action.accept(n)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Node node(String name, Map<String, String> labels) {
    return new NodeBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels).build())
        .build();
  }

  private static void deleteQuietly(Runnable delete) {
    try {
      delete.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** The names of the NodeStates whose names start with {@code prefix}, read in pages of 1,000. */
  private static Set<String> nodeStates(String prefix) {
    Set<String> out = new HashSet<>();
    String next = null;
    do {
      var page =
          CP.admin()
              .resources(NodeState.class)
              .list(new ListOptionsBuilder().withLimit(1000L).withContinue(next).build());
      page.getItems().stream()
          .map(ns -> ns.getMetadata().getName())
          .filter(n -> n.startsWith(prefix))
          .forEach(out::add);
      next = page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return out;
  }

  @Test
  void fiveThousandNodesArePagedByTheServerAndCachedWholeByTheOperator() throws Exception {
    String run = run();
    String prefix = "wn-" + run + "-";
    List<String> names = IntStream.range(0, 5000).mapToObj(i -> prefix + i).toList();
    String late = prefix + "late";
    List<String> requests = new CopyOnWriteArrayList<>();
    OperatorRuntime operator = null;
    try (KubernetesClient creator = CP.newAdminClient("nestos-watch-test")) {
      long t0 = System.nanoTime();
      parallel(names, n -> creator.nodes().resource(node(n, Map.of(RUN_LABEL, run))).create());
      System.out.printf(
          "5,000 Nodes created in %d ms (24 concurrent clients)%n",
          (System.nanoTime() - t0) / 1_000_000);

      // a paginated LIST: pages of 500 from one consistent snapshot (the first page's
      // resourceVersion), so a Node created after the first page is not in it
      Set<String> listed = new HashSet<>();
      int pages = 0;
      String snapshot = null;
      String next = null;
      do {
        NodeList page =
            CP.admin()
                .nodes()
                .withLabel(RUN_LABEL, run)
                .list(new ListOptionsBuilder().withLimit(500L).withContinue(next).build());
        pages++;
        assertThat(page.getItems()).hasSizeLessThanOrEqualTo(500);
        if (snapshot == null) {
          snapshot = page.getMetadata().getResourceVersion();
          CP.admin().nodes().resource(node(late, Map.of(RUN_LABEL, run))).create();
        } else {
          assertThat(page.getMetadata().getResourceVersion()).isEqualTo(snapshot);
        }
        page.getItems().forEach(n -> listed.add(n.getMetadata().getName()));
        next = page.getMetadata().getContinue();
      } while (next != null && !next.isEmpty());
      System.out.printf("paginated LIST: %d pages, %d Nodes%n", pages, listed.size());
      assertThat(pages).isBetween(10, 11); // an empty last page may follow a full one
      assertThat(listed).hasSize(5000).containsAll(names).doesNotContain(late);

      // an informer that asks for pages (fabric8's withLimit, JOSDK's informerListLimit) follows
      // the continue tokens to the end
      SharedIndexInformer<Node> paged =
          CP.admin().nodes().withLabel(RUN_LABEL, run).withLimit(500L).inform();
      try {
        await().atMost(WAIT).until(() -> paged.getStore().list().size() == 5001);
      } finally {
        paged.close();
      }

      // the operator: every Node its informers cache gets a NodeState from its renderer
      t0 = System.nanoTime();
      operator = operator(CP.url(), requests);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> nodeStates(prefix).size() == 5001);
      System.out.printf(
          "operator rendered 5,001 NodeStates in %d ms; its Node LISTs: %s%n",
          (System.nanoTime() - t0) / 1_000_000, lists(requests, "/api/v1/nodes"));
      // JOSDK's informers ask for no pages: one LIST per informer, served whole
      assertThat(lists(requests, "/api/v1/nodes"))
          .isNotEmpty()
          .noneMatch(r -> r.contains("limit="))
          .noneMatch(r -> r.contains("continue="));
      int nodeLists = lists(requests, "/api/v1/nodes").size();

      // bookmarks: the operator's watches ask for them; the apiserver sends one about every
      // minute (seen here on a watch of the same Nodes); the operator takes them in its stride
      assertThat(requests)
          .filteredOn(r -> r.contains("watch=true"))
          .isNotEmpty()
          .allMatch(r -> r.contains("allowWatchBookmarks=true"));
      List<String> bookmarks = new CopyOnWriteArrayList<>();
      String from = CP.admin().nodes().withName(late).get().getMetadata().getResourceVersion();
      try (Watch w =
          CP.admin()
              .nodes()
              .withLabel(RUN_LABEL, run)
              .watch(
                  new ListOptionsBuilder()
                      .withResourceVersion(from)
                      .withAllowWatchBookmarks(true)
                      // the apiserver sends a bookmark 2 s before a watch times out (and once a
                      // minute): a short timeout keeps the test from waiting for the minute
                      .withTimeoutSeconds(6L)
                      .build(),
                  new Watcher<Node>() {
                    @Override
                    public void eventReceived(Action action, Node n) {
                      if (action == Action.BOOKMARK) {
                        bookmarks.add(n.getMetadata().getResourceVersion());
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  })) {
        // a Node the watch does not select moves the watch cache on past `from`
        CP.admin().nodes().resource(node(prefix + "progress", Map.of())).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> !bookmarks.isEmpty());
      }
      System.out.printf("bookmark on a Node watch like the operator's: %s%n", bookmarks);
      assertThat(lists(requests, "/api/v1/nodes")).as("no relist").hasSize(nodeLists);
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + operator.endpointsPort() + "/readyz"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as("readyz: informers healthy").isEqualTo(200);
    } finally {
      if (operator != null) {
        operator.close();
      }
      List<String> all = new ArrayList<>(names);
      all.add(late);
      all.add(prefix + "progress");
      try (KubernetesClient deleter = CP.newAdminClient("nestos-watch-test")) {
        parallel(
            all,
            n -> {
              deleteQuietly(() -> deleter.nodes().withName(n).delete());
              deleteQuietly(() -> deleter.resources(NodeState.class).withName(n).delete());
            });
      }
    }
  }

  @Test
  void theOperatorsInformersRelistAfterCompactionAndRenderWhatChangedInTheGap() throws Exception {
    String run = run();
    String prefix = "rl-" + run + "-";
    Map<String, String> pool = Map.of("pool", run);
    List<String> requests = new CopyOnWriteArrayList<>();
    OperatorRuntime operator = null;
    KubernetesClient admin = CP.admin();
    try (PeerApiserver peer = CP.startPeerApiserver("--watch-cache=false");
        TcpRelay relay = new TcpRelay(peer.port())) {
      try {
        for (int i = 1; i <= 3; i++) {
          admin.nodes().resource(node(prefix + i, pool)).create();
        }
        admin.resources(NodeConfig.class).resource(nodeConfig(run, "10")).create();
        operator = operator(relay.url(), requests);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  for (int i = 1; i <= 3; i++) {
                    assertThat(swappiness(prefix + i)).isEqualTo("10");
                  }
                });
        int nodeLists = lists(requests, "/api/v1/nodes").size();
        int configLists = lists(requests, "/nodeconfigs").size();

        relay.cut(); // every watch of the operator drops and cannot reconnect
        admin.nodes().resource(node(prefix + 4, pool)).create();
        admin
            .nodes()
            .withName(prefix + 1)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"pool\":null}}}");
        admin
            .resources(NodeConfig.class)
            .withName(run)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"sysctls\":[{\"name\":\"vm.swappiness\",\"value\":\"20\"}]}}");
        long compacted = CP.compactEtcd();
        relay.restore();

        // the resumed watches get 410 Gone; the informers relist and the renderer catches up
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  assertThat(swappiness(prefix + 1)).isNull();
                  assertThat(swappiness(prefix + 2)).isEqualTo("20");
                  assertThat(swappiness(prefix + 3)).isEqualTo("20");
                  assertThat(swappiness(prefix + 4)).isEqualTo("20");
                });
        System.out.printf(
            "etcd compacted at %d during the operator's watch gap: its Node LISTs %d -> %d,"
                + " NodeConfig LISTs %d -> %d%n",
            compacted,
            nodeLists,
            lists(requests, "/api/v1/nodes").size(),
            configLists,
            lists(requests, "/nodeconfigs").size());
        assertThat(lists(requests, "/api/v1/nodes")).hasSizeGreaterThan(nodeLists);
        assertThat(lists(requests, "/nodeconfigs")).hasSizeGreaterThan(configLists);
        admin.resources(NodeConfig.class).withName(run).delete();
      } finally {
        if (operator != null) {
          operator.close();
        }
        deleteQuietly(() -> admin.resources(NodeConfig.class).withName(run).delete());
        for (int i = 1; i <= 4; i++) {
          String n = prefix + i;
          deleteQuietly(() -> admin.nodes().withName(n).delete());
          deleteQuietly(() -> admin.resources(NodeState.class).withName(n).delete());
        }
      }
    }
  }

  private static NodeConfig nodeConfig(String name, String swappiness) {
    NodeConfig nc = new NodeConfig();
    nc.setMetadata(new ObjectMetaBuilder().withName(name).build());
    nc.setSpec(
        new NodeConfigSpec(
            new LabelSelectorBuilder().withMatchLabels(Map.of("pool", name)).build(),
            null,
            List.of(new SysctlSetting("vm.swappiness", swappiness)),
            null));
    return nc;
  }

  /** The vm.swappiness the node's NodeState spec carries, or null. */
  private static String swappiness(String node) {
    NodeState ns = CP.admin().resources(NodeState.class).withName(node).get();
    if (ns == null || ns.getSpec() == null || ns.getSpec().sysctls() == null) {
      return null;
    }
    return ns.getSpec().sysctls().stream()
        .filter(s -> s.name().equals("vm.swappiness"))
        .map(OwnedSysctl::value)
        .findFirst()
        .orElse(null);
  }
}
