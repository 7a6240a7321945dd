package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.openeuler.nestos.api.LenientResources;
import org.openeuler.nestos.api.fixtures.HostileObjects;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.operator.OperatorConfig;
import org.openeuler.nestos.operator.OperatorRuntime;
import org.openeuler.nestos.operator.Reconcilers;
import org.openeuler.nestos.operator.image.ImageCheck;

/**
 * One object must not stop the operator (issue 11, item 1), against the real control plane
 * (kube-apiserver, etcd): while an OSVersion rolls a new image over two nodes (a simulated daemon
 * per node), random objects of every kind are fed in, and the operator keeps running ({@code
 * /readyz}: every informer healthy) and keeps rolling out; every few batches it is restarted, and
 * must start while the objects exist (it used to exit at start-up: a crash loop).
 *
 * <p>With the project's CRDs every hostile object (integers beyond {@code int}, unknown enum
 * values) is refused at admission. To prove the operator's resilience independently of the schema,
 * the operator property installs copies of the CRDs without integer and enum bounds (as an older or
 * hand-edited CRD would be) and feeds such objects; each unreadable OSVersion, NodeConfig and
 * RubikPolicy ends {@code Stalled/Unreadable} (a spec-less one {@code Stalled/SpecMissing}). The
 * project's CRDs are restored at the end.
 */
class HostileObjectsKubeIT {

  private static final String POOL = "hostile-it-pool";
  private static final List<String> NODES = List.of("hostile-it-0", "hostile-it-1");
  private static final String ROLLOUT = "hostile-it-rollout";
  private static final String REPO = "registry.example/nestos@sha256:";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> PLURALS =
      List.of("osversions", "nodeconfigs", "rubikpolicies", "nodestates");

  private static RealControlPlane cp;
  private static KubernetesClient admin;
  private static KubernetesClient daemonClient;
  private static SimulatedDaemon daemon;
  private static SharedIndexInformer<NodeState> booter;
  private static OperatorRuntime operator;
  private static Map<String, CustomResourceDefinition> bounded;
  private static boolean unboundedInstalled;
  private static final AtomicInteger image = new AtomicInteger();
  private static final AtomicInteger batches = new AtomicInteger();
  private static final List<Map<String, Object>> created = new ArrayList<>();

  @BeforeContainer
  static void start() {
    cp = RealControlPlane.shared();
    admin = lenientClient("hostile-it-admin");
    daemonClient = lenientClient("hostile-it-daemon");
    bounded = new TreeMap<>();
    for (String plural : PLURALS) {
      String name = plural + ".nestos.openeuler.org";
      bounded.put(
          name, admin.apiextensions().v1().customResourceDefinitions().withName(name).get());
    }
    for (String node : NODES) {
      admin
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(node)
                  .withLabels(Map.of("pool", POOL))
                  .endMetadata()
                  .withNewSpec()
                  .endSpec()
                  .build())
          .create();
      admin
          .nodes()
          .withName(node)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
                  + "\"reason\":\"KubeletReady\",\"lastHeartbeatTime\":\"2026-01-01T00:00:00Z\","
                  + "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
      // the TaintNodesByCondition admission plugin taints a new node not-ready; without a node
      // lifecycle controller nothing removes the taint (a kubelet would report Ready)
      admin
          .nodes()
          .withName(node)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"taints\":null}}");
    }
    daemon = new SimulatedDaemon(daemonClient, Clock.systemUTC());
    booter =
        daemonClient
            .resources(NodeState.class)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(NodeState ns) {
                    boot(ns);
                  }

                  @Override
                  public void onUpdate(NodeState before, NodeState ns) {
                    boot(ns);
                  }

                  @Override
                  public void onDelete(NodeState ns, boolean unknown) {}
                });
    operator = startOperator();
    admin
        .genericKubernetesResources(context("OSVersion", "osversions"))
        .resource(
            generic(
                """
                {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion",
                 "metadata":{"name":"%s"},
                 "spec":{"osImage":"%s","nodeSelector":{"matchLabels":{"pool":"%s"}},
                  "rollout":{"maxUnavailable":1,
                   "healthGate":{"minReadySeconds":0,"deadlineSeconds":120}}}}"""
                    .formatted(ROLLOUT, nextImage(), POOL)))
        .create();
    awaitRolledOut();
  }

  @AfterContainer
  static void stop() {
    try {
      for (Map<String, Object> o : snapshot()) {
        resources(o).withName(HostileObjects.name(o)).delete();
      }
      admin
          .genericKubernetesResources(context("OSVersion", "osversions"))
          .withName(ROLLOUT)
          .delete();
      await(
          "everything this test made is gone (the operator removes its finalizers)",
          () ->
              snapshot().stream()
                      .allMatch(o -> resources(o).withName(HostileObjects.name(o)).get() == null)
                  && admin
                          .genericKubernetesResources(context("OSVersion", "osversions"))
                          .withName(ROLLOUT)
                          .get()
                      == null);
    } finally {
      if (operator != null) {
        operator.close();
      }
      if (booter != null) {
        booter.close();
      }
      if (daemon != null) {
        daemon.close();
      }
      for (String node : NODES) {
        admin.nodes().withName(node).delete();
        admin.resources(NodeState.class).withName(node).delete();
      }
      installCrds(false);
      admin.close();
      daemonClient.close();
    }
  }

  /** The project's CRDs refuse every hostile object (the bounds of item 1, on the real server). */
  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void theBoundedCrdsRefuseEveryHostileObject(@ForAll("hostile") Map<String, Object> object) {
    installCrds(false);
    Map<String, Object> status = HostileObjects.status(object);
    if (status == null) {
      assertThatThrownBy(() -> resources(object).resource(generic(object)).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
      return;
    }
    // hostile status: the object is valid, its status write is refused
    Map<String, Object> specOnly = new TreeMap<>(object);
    specOnly.remove("status");
    resources(object).resource(generic(specOnly)).create();
    try {
      assertThatThrownBy(() -> writeStatus(object))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    } finally {
      resources(object).withName(HostileObjects.name(object)).delete();
      await(
          "probe deleted",
          () -> resources(object).withName(HostileObjects.name(object)).get() == null);
    }
  }

  /**
   * Whatever it is fed, the operator keeps running and rolling out; restarted every third batch, it
   * starts while the objects exist.
   */
  @Property(tries = 6, shrinking = ShrinkingMode.OFF)
  void theOperatorKeepsRollingOutWhateverItIsFed(
      @ForAll("batches") List<Map<String, Object>> batch) {
    installCrds(true);
    List<Map<String, Object>> fed = new ArrayList<>();
    for (Map<String, Object> o : batch) {
      if (resources(o).withName(HostileObjects.name(o)).get() != null) {
        // the same name drawn twice (in this batch or an earlier one): the object that exists is
        // the one the operator must report on
        fed.add(createdAs(o));
        continue;
      }
      fed.add(o);
      Map<String, Object> status = HostileObjects.status(o);
      Map<String, Object> specOnly = new TreeMap<>(o);
      specOnly.remove("status");
      resources(o).resource(generic(specOnly)).create();
      synchronized (created) {
        created.add(o);
      }
      if (status != null) {
        writeStatus(o);
      }
    }
    if (batches.incrementAndGet() % 3 == 0) {
      operator.close();
      operator = startOperator();
    }
    admin
        .genericKubernetesResources(context("OSVersion", "osversions"))
        .withName(ROLLOUT)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"osImage\":\"" + nextImage() + "\"}}");
    awaitRolledOut();
    // a watch being re-established is briefly not ready; a stopped informer never is again
    await("every informer of the operator is healthy (/readyz)", () -> get("/readyz") == 200);
    for (Map<String, Object> o : fed) {
      String kind = (String) o.get("kind");
      if (kind.equals("NodeState")) {
        continue; // the daemon writes NodeState status, not the operator
      }
      await(
          kind + " " + HostileObjects.name(o) + " has a status the operator wrote",
          () -> stalledOrReady(o),
          () -> " fed " + o + ", now " + json(resources(o).withName(HostileObjects.name(o)).get()));
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> hostile() {
    return HostileObjects.hostile("hostile-probe");
  }

  /** A hostile object of every kind, and up to three random valid ones. */
  @Provide
  Arbitrary<List<Map<String, Object>>> batches() {
    List<Arbitrary<Map<String, Object>>> hostile =
        HostileObjects.KINDS.stream().map(k -> HostileObjects.hostile("hostile-x", k)).toList();
    Arbitrary<List<Map<String, Object>>> valid =
        HostileObjects.valid("hostile-v").list().ofMaxSize(3);
    return net.jqwik.api.Combinators.combine(
            hostile.get(0), hostile.get(1), hostile.get(2), hostile.get(3), valid)
        .as(
            (a, b, c, d, v) -> {
              List<Map<String, Object>> out = new ArrayList<>(List.of(a, b, c, d));
              out.addAll(v);
              return out;
            });
  }

  // ---------------------------------------------------------------- helpers

  /** The object created earlier under the kind and name of {@code drawn}. */
  private static Map<String, Object> createdAs(Map<String, Object> drawn) {
    return snapshot().stream()
        .filter(
            c ->
                c.get("kind").equals(drawn.get("kind"))
                    && HostileObjects.name(c).equals(HostileObjects.name(drawn)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("exists but was not made here: " + drawn));
  }

  private static List<Map<String, Object>> snapshot() {
    synchronized (created) {
      return List.copyOf(created);
    }
  }

  private static OperatorRuntime startOperator() {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(),
            "--leader-election=false",
            "--metrics-port=0",
            "--identity=hostile-it",
            "--lease-namespace=default");
    ImageCheck available = new ImageCheck.Available("43.1", "c0ffee", "sha256:" + "d".repeat(64));
    return OperatorRuntime.start(
        lenientClient("nestos-operator-hostile-it"),
        config,
        Clock.systemUTC(),
        () -> {},
        new Reconcilers.Overrides((osImage, secret) -> available, RolloutTimings.NONE));
  }

  private static KubernetesClient lenientClient(String agent) {
    Config config = new ConfigBuilder(cp.adminConfig()).withUserAgent(agent).build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withKubernetesSerialization(LenientResources.serialization())
        .build();
  }

  /** A node's daemon starts: reports a boot id and the image it runs, once per NodeState. */
  private static void boot(NodeState ns) {
    String name = ns.getMetadata().getName();
    if (!NODES.contains(name) || ns.getStatus() != null) {
      return;
    }
    try {
      daemonClient
          .resources(NodeState.class)
          .withName(name)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              """
              {"metadata":{"resourceVersion":"%s"},"status":{"bootID":"boot-%s",
               "currentRevision":"rev-boot",
               "deployments":{"booted":{"imageReference":"ostree-unverified-registry:%s"}}}}"""
                  .formatted(
                      ns.getMetadata().getResourceVersion(),
                      java.util.UUID.randomUUID(),
                      REPO + "0".repeat(64)));
    } catch (KubernetesClientException e) {
      // 409: the next event retries
    }
  }

  private static String nextImage() {
    return REPO + HexFormat.of().toHexDigits((long) image.incrementAndGet()).repeat(4);
  }

  /** Both nodes run the OSVersion's current image and it says Ready/RolloutComplete. */
  private static void awaitRolledOut() {
    await(
        "the rollout reached image " + image.get(),
        () -> {
          GenericKubernetesResource osv =
              admin
                  .genericKubernetesResources(context("OSVersion", "osversions"))
                  .withName(ROLLOUT)
                  .get();
          JsonNode o = json(osv);
          String wanted = o.at("/spec/osImage").asText();
          boolean nodesThere =
              NODES.stream()
                  .allMatch(
                      n -> {
                        NodeState ns = admin.resources(NodeState.class).withName(n).get();
                        return ns != null
                            && ns.getSpec() != null
                            && ns.getStatus() != null
                            && wanted.equals(ns.getSpec().osImage())
                            && ns.getSpec().revision() != null
                            && ns.getSpec().revision().equals(ns.getStatus().currentRevision());
                      });
          boolean ready = false;
          for (JsonNode c : o.at("/status/conditions")) {
            ready |=
                c.path("type").asText().equals("Ready")
                    && c.path("status").asText().equals("True")
                    && c.path("observedGeneration").asLong()
                        == o.at("/metadata/generation").asLong();
          }
          return nodesThere && ready;
        });
  }

  /**
   * Whether the operator wrote the object's status: Stalled/Unreadable or SpecMissing for an object
   * it cannot use, otherwise the ordinary Ready condition.
   */
  private static boolean stalledOrReady(Map<String, Object> o) {
    GenericKubernetesResource r = resources(o).withName(HostileObjects.name(o)).get();
    JsonNode conditions = json(r).at("/status/conditions");
    String problem = problemOf(o);
    for (JsonNode c : conditions) {
      if (problem != null
          && c.path("type").asText().equals("Stalled")
          && c.path("reason").asText().equals(problem)) {
        return true;
      }
      if (problem == null && c.path("type").asText().equals("Ready")) {
        return true;
      }
    }
    return false;
  }

  /** The reason the operator must report for {@code o}, or null if it can read and use it. */
  private static String problemOf(Map<String, Object> o) {
    if (!o.containsKey("spec")) {
      return "SpecMissing";
    }
    Map<String, Object> specOnly = new TreeMap<>(o);
    specOnly.remove("status");
    KubernetesSerialization plain = new KubernetesSerialization();
    String json = plain.asJson(specOnly);
    try {
      plain.unmarshal(json, HostileObjects.type(o));
      return null;
    } catch (RuntimeException e) {
      return "Unreadable";
    }
  }

  private static void writeStatus(Map<String, Object> o) {
    ObjectNode patch =
        SER.convertValue(Map.of("status", HostileObjects.status(o)), ObjectNode.class);
    resources(o)
        .withName(HostileObjects.name(o))
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }

  private static final KubernetesSerialization SER = new KubernetesSerialization();

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      resources(Map<String, Object> o) {
    String kind = (String) o.get("kind");
    String plural =
        switch (kind) {
          case "OSVersion" -> "osversions";
          case "NodeConfig" -> "nodeconfigs";
          case "RubikPolicy" -> "rubikpolicies";
          case "NodeState" -> "nodestates";
          default -> throw new IllegalArgumentException(kind);
        };
    return admin.genericKubernetesResources(context(kind, plural));
  }

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("nestos.openeuler.org")
        .withVersion("v1alpha1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(false)
        .build();
  }

  private static GenericKubernetesResource generic(Object o) {
    return o instanceof String s
        ? SER.unmarshal(s, GenericKubernetesResource.class)
        : SER.convertValue(o, GenericKubernetesResource.class);
  }

  private static JsonNode json(HasMetadata r) {
    return SER.convertValue(r, JsonNode.class);
  }

  /**
   * Installs the project's CRDs ({@code unbounded} false) or copies without integer and enum bounds
   * and without CEL rules; waits until the server enforces the installed schema.
   */
  static synchronized void installCrds(boolean unbounded) {
    if (unbounded == unboundedInstalled) {
      return;
    }
    for (CustomResourceDefinition crd : bounded.values()) {
      CustomResourceDefinition copy = SER.clone(crd);
      copy.getMetadata().setResourceVersion(null);
      copy.getMetadata().setManagedFields(null);
      copy.setStatus(null);
      if (unbounded) {
        JsonNode tree = SER.convertValue(copy, JsonNode.class);
        for (JsonNode v : tree.at("/spec/versions")) {
          unbound(v.path("schema").path("openAPIV3Schema"));
        }
        copy = SER.convertValue(tree, CustomResourceDefinition.class);
      }
      admin.resource(copy).forceConflicts().serverSideApply();
    }
    unboundedInstalled = unbounded;
    // a NodeConfig (no finalizer: deleted at once) with an integer beyond int
    Map<String, Object> probe =
        HostileObjects.examples().stream()
            .filter(o -> o.get("kind").equals("NodeConfig") && HostileObjects.status(o) == null)
            .findFirst()
            .orElseThrow();
    Map<String, Object> renamed = new TreeMap<>(probe);
    renamed.put("metadata", Map.of("name", "hostile-it-schema-probe"));
    await(
        "the server enforces the " + (unbounded ? "unbounded" : "project's") + " CRDs",
        () -> {
          try {
            resources(renamed).resource(generic(renamed)).create();
            resources(renamed).withName("hostile-it-schema-probe").delete();
            return unbounded;
          } catch (KubernetesClientException e) {
            return !unbounded && e.getCode() == 422;
          }
        });
    await(
        "the schema probe is gone",
        () -> resources(renamed).withName("hostile-it-schema-probe").get() == null);
  }

  private static void unbound(JsonNode schema) {
    if (!(schema instanceof ObjectNode s)) {
      return;
    }
    s.remove(List.of("maximum", "minimum", "x-kubernetes-validations"));
    if (s.has("enum")) {
      s.remove("enum");
    }
    s.path("properties").forEach(HostileObjectsKubeIT::unbound);
    unbound(s.path("items"));
    unbound(s.path("additionalProperties"));
    if (s.get("anyOf") instanceof ArrayNode any) {
      any.forEach(HostileObjectsKubeIT::unbound);
    }
  }

  private static int get(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + operator.endpointsPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The rollout's OSVersion and NodeStates, for a timeout's message. */
  private static String state() {
    try {
      StringBuilder b = new StringBuilder();
      b.append("OSVersion ")
          .append(
              json(admin
                      .genericKubernetesResources(context("OSVersion", "osversions"))
                      .withName(ROLLOUT)
                      .get())
                  .path("status"));
      for (String n : NODES) {
        b.append("; NodeState ").append(json(admin.resources(NodeState.class).withName(n).get()));
      }
      return b.toString();
    } catch (RuntimeException e) {
      return "(state unavailable: " + e + ")";
    }
  }

  private static String describe(Supplier<String> detail) {
    try {
      return detail.get();
    } catch (RuntimeException e) {
      return " (" + e + ")";
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "");
  }

  private static void await(
      String what, BooleanSupplier condition, java.util.function.Supplier<String> detail) {
    try {
      org.awaitility.Awaitility.await(what)
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          // transient API failures: retried until the deadline
          .ignoreException(KubernetesClientException.class)
          .until(condition::getAsBoolean);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "timed out waiting until " + what + ";" + describe(detail) + "; " + state(), e);
    }
  }
}
