package org.openeuler.nestos.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.PsiPressure;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.api.v1alpha1.SysctlConflict;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.operator.policy.RubikModeRollout;
import org.openeuler.nestos.operator.render.NodeStateRenderReconciler;

/**
 * The render path end to end: the JOSDK operator (leader election on) against the test API server
 * with the real CRDs. Nodes n1, n2 ({@code pool: db}) and n3 ({@code pool: web}, selected by
 * nothing); NodeConfigs nc-high (priority 10) and nc-low (priority 1) both setting {@code
 * vm.swappiness}; RubikPolicies rp-a and rp-b both in mode Rubik.
 */
class RenderOperatorMockTest {

  static final String UA = "nestos-operator-test";
  static final Duration WAIT = Duration.ofSeconds(20);

  TestApiServer server;
  KubernetesClient client;
  OperatorRuntime operator;

  @BeforeEach
  void start() {
    server = TestApiServer.start();
    client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
    create(
        Namespace.class,
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"kube-system\"}}");
    node("n1", "db");
    node("n2", "db");
    node("n3", "web");
    create(
        NodeConfig.class,
        nodeConfig("nc-high", 10, "db", Map.of("vm.swappiness", "10"), "mitigations=off"));
    create(
        NodeConfig.class,
        nodeConfig(
            "nc-low",
            1,
            "db",
            Map.of("vm.swappiness", "60", "net.core.somaxconn", "1024"),
            "nosmt"));
    create(RubikPolicy.class, rubik("rp-a", 5, "db"));
    create(RubikPolicy.class, rubik("rp-b", 0, "db"));
    create(
        DaemonSet.class,
        """
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"rubik-agent","namespace":"kube-system"},
         "spec":{"selector":{"matchLabels":{"app":"rubik"}},"template":{"metadata":{"labels":{"app":"rubik"}},
         "spec":{"containers":[{"name":"rubik","image":"rubik:2.0"}]}}}}""");
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    client.close();
    server.close();
  }

  @Test
  void rendersStatusesRubikModeGcRestartAndSkipsNoOpWrites() throws Exception {
    startOperator();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                allNodeStates() == 3
                    && status(NodeConfig.class, "nc-low")
                    && status(RubikPolicy.class, "rp-b"));

    // NodeStates: merged sysctls and kernel arguments with owners, owned by their Node
    for (String n : List.of("n1", "n2")) {
      NodeState ns = client.resources(NodeState.class).withName(n).get();
      assertThat(ns.getSpec().sysctls())
          .extracting(OwnedSysctl::name, OwnedSysctl::value, OwnedSysctl::owners)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "vm.swappiness", "10", List.of("NodeConfig/nc-high", "NodeConfig/nc-low")),
              org.assertj.core.groups.Tuple.tuple(
                  "net.core.somaxconn", "1024", List.of("NodeConfig/nc-low")));
      assertThat(ns.getSpec().kernelArguments())
          .extracting(OwnedKernelArgument::token)
          .containsExactly("mitigations=off", "nosmt");
      assertThat(ns.getSpec().rubikProfile().policyRef()).isEqualTo("rp-a");
      assertOwnedByNode(ns);
    }
    // a node selected by nothing has an empty NodeState
    NodeState n3 = client.resources(NodeState.class).withName("n3").get();
    assertThat(n3.getSpec().sysctls()).isEmpty();
    assertThat(n3.getSpec().kernelArguments()).isEmpty();
    assertThat(n3.getSpec().rubikProfile()).isNull();
    assertThat(n3.getSpec().osImage()).isNull();
    assertOwnedByNode(n3);

    // NodeConfig status: the conflict on both, counts, observedGeneration
    for (String name : List.of("nc-high", "nc-low")) {
      NodeConfig nc = client.resources(NodeConfig.class).withName(name).get();
      assertThat(nc.getStatus().observedGeneration()).isEqualTo(nc.getMetadata().getGeneration());
      assertThat(nc.getStatus().targetNodes()).isEqualTo(2);
      assertThat(nc.getStatus().conflictCount()).isEqualTo(1);
      SysctlConflict c = nc.getStatus().conflicts().get(0);
      assertThat(c.key()).isEqualTo("vm.swappiness");
      assertThat(c.winner()).isEqualTo("nc-high");
      assertThat(c.nodeCount()).isEqualTo(2);
      assertThat(condition(nc.getStatus().conditions(), "Degraded").getReason())
          .isEqualTo("Conflict");
      assertThat(condition(nc.getStatus().conditions(), "Ready").getLastTransitionTime())
          .isNotBlank();
    }

    // two RubikPolicies in mode Rubik: the second is stalled; the ConfigMap holds the first's
    // config.json
    RubikPolicy rpB = client.resources(RubikPolicy.class).withName("rp-b").get();
    Condition stalled = condition(rpB.getStatus().conditions(), "Stalled");
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("MultipleRubikPolicies");
    RubikPolicy rpA = client.resources(RubikPolicy.class).withName("rp-a").get();

    // issue 15 item 4: mode Native does dynMemory and PSI eviction itself (it used to say
    // Degraded/Unsupported): a policy asking for them is not degraded
    create(
        RubikPolicy.class,
        "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\"RubikPolicy\","
            + "\"metadata\":{\"name\":\"rp-native\"},\"spec\":{\"nodeSelector\":{\"matchLabels\":"
            + "{\"pool\":\"none\"}},\"mode\":\"Native\",\"features\":{\"dynMemory\":true,\"psi\":true}}}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              RubikPolicy p = client.resources(RubikPolicy.class).withName("rp-native").get();
              assertThat(p.getStatus()).isNotNull();
              assertThat(condition(p.getStatus().conditions(), "Degraded").getStatus())
                  .isEqualTo("False");
            });
    // issue 15 item 4: ioWeight in mode Rubik without iocost devices says it weighs nothing
    create(
        RubikPolicy.class,
        "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\"RubikPolicy\","
            + "\"metadata\":{\"name\":\"rp-nodev\"},\"spec\":{\"nodeSelector\":{\"matchLabels\":"
            + "{\"pool\":\"none\"}},\"mode\":\"Rubik\",\"features\":{\"ioWeight\":true}}}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              RubikPolicy p = client.resources(RubikPolicy.class).withName("rp-nodev").get();
              assertThat(p.getStatus()).isNotNull();
              Condition d = condition(p.getStatus().conditions(), "Degraded");
              assertThat(d.getStatus()).isEqualTo("True");
              assertThat(d.getReason()).isEqualTo("IoCostDevicesMissing");
            });

    // issue 15 item 6: the status changes are Events on the objects (kubectl describe)
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(events("NodeConfig", "nc-high"))
                  .anyMatch(e -> e.startsWith("Warning PolicyDegraded Conflict: 1 key(s)"));
              assertThat(events("RubikPolicy", "rp-b"))
                  .anyMatch(e -> e.startsWith("Warning PolicyStalled MultipleRubikPolicies: "));
            });
    RubikModeRollout.Result expected = RubikModeRollout.render(rpA.getSpec());
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.configMaps().inNamespace("kube-system").withName("rubik-config").get()
                    != null);
    ConfigMap cm = client.configMaps().inNamespace("kube-system").withName("rubik-config").get();
    assertThat(cm.getData()).containsEntry(RubikModeRollout.CONFIG_KEY, expected.json());
    // issue 15 item 4: the policy's iocost devices reach rubik's config (global and per node)
    assertThat(expected.json().replaceAll("\\s", ""))
        .contains("\"nodeName\":\"global\"")
        .contains("\"dev\":\"sda\"")
        .contains("\"nodeName\":\"n1\"")
        .contains("\"dev\":\"nvme0n1\"")
        .contains("\"rbps\":" + (400L << 20));
    await()
        .atMost(WAIT)
        .until(
            () ->
                expected
                    .checksum()
                    .equals(
                        client
                            .apps()
                            .daemonSets()
                            .inNamespace("kube-system")
                            .withName("rubik-agent")
                            .get()
                            .getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getAnnotations()
                            .get(RubikModeRollout.CHECKSUM_ANNOTATION)));

    // one render pass wrote each NodeState exactly once
    assertThat(server.requests().total("create", "nodestates")).isEqualTo(3);
    assertThat(
            server.requests().total("update", "nodestates")
                + server.requests().total("patch", "nodestates"))
        .isZero();

    // an unchanged re-render writes nothing: a NodeConfig selecting no node fans out to every node
    NodeStateRenderReconciler render = operator.reconciler(NodeStateRenderReconciler.class);
    // the first part's statuses settle before the no-op check counts writes (a RubikPolicy's status
    // could still be written, seen once in CI): a whole second without an operator write
    await()
        .atMost(WAIT)
        .pollDelay(Duration.ofSeconds(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              boolean quiet = server.requests().writes(UA) == 0;
              server.requests().reset();
              return quiet;
            });
    long before = render.reconciles();
    server.requests().reset();
    create(
        NodeConfig.class,
        nodeConfig("nc-none", 0, "none", Map.of("vm.max_map_count", "262144"), null));
    await()
        .atMost(WAIT)
        .until(() -> render.reconciles() >= before + 3 && status(NodeConfig.class, "nc-none"));
    assertThat(
            server.requests().total("create", "nodestates")
                + server.requests().total("update", "nodestates")
                + server.requests().total("patch", "nodestates"))
        .isZero();
    // the only operator writes are nc-none's status: once, or twice when its status reconcile ran
    // before the
    // renders settled (first Reconciling, then Ready) — never a NodeState, never another CR
    long statusWrites =
        server.requests().total("patch", "nodeconfigs/status")
            + server.requests().total("update", "nodeconfigs/status");
    assertThat(statusWrites).isBetween(1L, 2L);
    // the leader's Lease renewals are not render writes (one landed in this window in a run)
    long leaseRenewals =
        server.requests().total("patch", "leases") + server.requests().total("update", "leases");
    assertThat(server.requests().writes(UA) - leaseRenewals)
        .as("only nc-none's status (and its Events): %s", server.requests().toJson())
        .isEqualTo(statusWrites + server.requests().total("create", "events"));

    // /readyz and /metrics
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + operator.endpointsPort() + "/readyz"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + operator.endpointsPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("operator_sdk");

    // a NodeConfig deleted while the operator is down is gone from NodeState after the restart
    operator.close();
    operator = null;
    client.resources(NodeConfig.class).withName("nc-low").delete();
    await()
        .atMost(WAIT)
        .until(() -> client.resources(NodeConfig.class).withName("nc-low").get() == null);
    startOperator();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              NodeState ns = client.resources(NodeState.class).withName("n1").get();
              assertThat(ns.getSpec().sysctls())
                  .extracting(OwnedSysctl::name)
                  .containsExactly("vm.swappiness");
              assertThat(ns.getSpec().sysctls().get(0).owners())
                  .containsExactly("NodeConfig/nc-high");
              assertThat(ns.getSpec().kernelArguments())
                  .extracting(OwnedKernelArgument::token)
                  .containsExactly("mitigations=off");
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resources(NodeConfig.class)
                            .withName("nc-high")
                            .get()
                            .getStatus()
                            .conflictCount())
                    .isZero());

    // a restart repeats no Event: one per change
    assertThat(events("NodeConfig", "nc-high"))
        .filteredOn(e -> e.contains(" PolicyDegraded "))
        .hasSize(1);
    assertThat(events("NodeConfig", "nc-none"))
        .containsExactly("Normal PolicyApplied NoTargets: no node selected");

    // a deleted Node's NodeState is garbage-collected
    client.nodes().withName("n2").delete();
    await()
        .atMost(WAIT)
        .until(() -> client.resources(NodeState.class).withName("n2").get() == null);
    assertThat(client.resources(NodeState.class).withName("n1").get()).isNotNull();
  }

  /**
   * Issue 15 item 4: a node whose daemon reports PSI pressure (mode Native, features.psi) loses one
   * offline pod through the Eviction API, evicted by the operator; online pods stay; the next
   * eviction waits for the node's cooldown.
   */
  @Test
  void psiPressureOnANodeEvictsOneOfflinePodThroughTheOperator() throws Exception {
    create(
        Namespace.class,
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"jobs\"}}");
    create(
        RubikPolicy.class,
        "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\"RubikPolicy\","
            + "\"metadata\":{\"name\":\"rp-psi\"},\"spec\":{\"nodeSelector\":{\"matchLabels\":"
            + "{\"pool\":\"web\"}},\"mode\":\"Native\",\"features\":{\"psi\":true}}}");
    for (String[] p :
        new String[][] {
          {"batch-old", "true", "2026-12-07T10:00:00Z"},
          {"batch-new", "true", "2026-12-07T11:00:00Z"},
          {"web", "false", "2026-12-07T09:00:00Z"}
        }) {
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName(p[0])
              .withNamespace("jobs")
              .withAnnotations(Map.of("volcano.sh/preemptable", p[1]))
              .endMetadata()
              .withNewSpec()
              .withNodeName("n3")
              .addNewContainer()
              .withName("c")
              .withImage("busybox")
              .endContainer()
              .endSpec()
              .build();
      client.pods().inNamespace("jobs").resource(pod).create();
      Pod created = client.pods().inNamespace("jobs").withName(p[0]).get();
      created.setStatus(
          new PodStatusBuilder().withPhase("Running").withQosClass("BestEffort").build());
      client.pods().inNamespace("jobs").resource(created).updateStatus();
    }
    startOperator();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              NodeState ns = client.resources(NodeState.class).withName("n3").get();
              return ns != null
                  && ns.getSpec().rubikProfile() != null
                  && "rp-psi".equals(ns.getSpec().rubikProfile().policyRef());
            });
    assertThat(client.pods().inNamespace("jobs").list().getItems()).hasSize(3);
    // the daemon's report: memory pressure over the threshold, observed now
    String now =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    NodeState n3 = client.resources(NodeState.class).withName("n3").get();
    n3.setStatus(
        new NodeStateStatus(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new RubikSummary(
                List.of(),
                1,
                2,
                List.of(),
                List.of(),
                null,
                new PsiPressure("memory", 21.5, 5.0, "node", now, now),
                null),
            null,
            null,
            null));
    client.resources(NodeState.class).resource(n3).updateStatus();
    // the youngest offline pod goes first; one eviction per node per cooldown
    await()
        .atMost(WAIT)
        .until(() -> client.pods().inNamespace("jobs").withName("batch-new").get() == null);
    // and nothing more within the node's cooldown (30 s), though the report still stands
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(client.pods().inNamespace("jobs").list().getItems())
                    .extracting(x -> x.getMetadata().getName())
                    .containsExactlyInAnyOrder("batch-old", "web"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events("RubikPolicy", "rp-psi"))
                    .anyMatch(
                        e ->
                            e.startsWith(
                                "Normal OfflinePodEvicted evicted offline pod jobs/batch-new from"
                                    + " node n3: memory pressure avg10 21.5 >= 5.0 (node)")));
  }

  void startOperator() {
    KubernetesClient opClient =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(server.clientConfig()).withUserAgent(UA).build())
            .withKubernetesSerialization(org.openeuler.nestos.api.LenientResources.serialization())
            .build();
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(),
            "--metrics-port=0",
            "--lease-namespace=default",
            "--identity=test-operator",
            "--reconcile-threads=4");
    operator = OperatorRuntime.start(opClient, config, Clock.systemUTC());
  }

  long allNodeStates() {
    return client.resources(NodeState.class).list().getItems().size();
  }

  <T extends HasMetadata> boolean status(Class<T> type, String name) {
    T r = client.resources(type).withName(name).get();
    if (r instanceof NodeConfig nc) {
      return nc.getStatus() != null && nc.getStatus().conditions() != null;
    }
    return r instanceof RubikPolicy rp
        && rp.getStatus() != null
        && rp.getStatus().conditions() != null;
  }

  /** The Events on object {@code kind}/{@code name}, as "type reason message". */
  List<String> events(String kind, String name) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(
            e ->
                kind.equals(e.getInvolvedObject().getKind())
                    && name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getType() + " " + e.getReason() + " " + e.getMessage())
        .toList();
  }

  void assertOwnedByNode(NodeState ns) {
    Node node = client.nodes().withName(ns.getMetadata().getName()).get();
    assertThat(ns.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getApiVersion()).isEqualTo("v1");
              assertThat(o.getKind()).isEqualTo("Node");
              assertThat(o.getUid()).isEqualTo(node.getMetadata().getUid());
            });
    assertThat(ns.getSpec().nodeUID()).isEqualTo(node.getMetadata().getUid());
  }

  static Condition condition(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  <T extends HasMetadata> void create(Class<T> type, String json) {
    client.resource(Serialization.unmarshal(json, type)).create();
  }

  void node(String name, String pool) {
    create(
        Node.class,
        "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\""
            + name
            + "\",\"labels\":{\"pool\":\""
            + pool
            + "\"}},\"spec\":{}}");
  }

  static String nodeConfig(
      String name, int priority, String pool, Map<String, String> sysctls, String karg) {
    StringBuilder s = new StringBuilder();
    new java.util.TreeMap<>(sysctls)
        .forEach(
            (k, v) ->
                s.append(s.length() == 0 ? "" : ",")
                    .append("{\"name\":\"")
                    .append(k)
                    .append("\",\"value\":\"")
                    .append(v)
                    .append("\"}"));
    return "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\"NodeConfig\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":{\"nodeSelector\":{\"matchLabels\":{\"pool\":\""
        + pool
        + "\"}},\"priority\":"
        + priority
        + ",\"sysctls\":["
        + s
        + "]"
        + (karg == null ? "" : ",\"kernelArguments\":[\"" + karg + "\"]")
        + "}}";
  }

  static String rubik(String name, int priority, String pool) {
    return "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\"RubikPolicy\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":{\"nodeSelector\":{\"matchLabels\":{\"pool\":\""
        + pool
        + "\"}},\"priority\":"
        + priority
        + ",\"mode\":\"Rubik\",\"features\":{\"cpuPreemption\":true,\"quotaBurst\":true,"
        + "\"ioWeight\":true},\"ioCost\":["
        + "{\"device\":\"sda\",\"linear\":"
        + LINEAR
        + "},{\"device\":\"nvme0n1\",\"nodeName\":\"n1\",\"linear\":"
        + LINEAR
        + "}]}}";
  }

  static final String LINEAR =
      "{\"readMiBps\":400,\"readSeqIops\":40000,\"readRandIops\":20000,\"writeMiBps\":300,"
          + "\"writeSeqIops\":30000,\"writeRandIops\":10000}";
}
