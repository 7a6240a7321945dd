package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openeuler.nestos.api.Finalizers;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.operator.OperatorConfig;
import org.openeuler.nestos.operator.OperatorRuntime;

/**
 * The real operator (every reconciler, leader election on, configured by the environment the chart
 * renders into its Deployment) authenticated only by a token of the chart's {@code nestos-operator}
 * service account, on the real kube-apiserver. With the chart's defaults (no rubik interop, no pull
 * Secret listed) a RubikPolicy in mode Rubik and an OSVersion naming a pull Secret read as clear
 * Stalled conditions, and no request but the one pull-secret read is refused. With the opt-ins on
 * it renders NodeStates, writes NodeConfig, RubikPolicy and OSVersion status, adds and removes the
 * OSVersion finalizer, reads the pull secret, renders rubik's ConfigMap and rolls its DaemonSet,
 * records events, and the apiserver refuses none of its requests (no 403 reaches its client, lease
 * renewals and release included). Proves the chart's least-privilege RBAC is enough for the code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorUnderChartRbacKubeIT {

  static final String NS = "nestos-op-rbac";
  static final String RELEASE = "nestos-op-rbac";
  static final String POOL = "op-rbac";
  static final Duration WAIT = Duration.ofSeconds(60);

  static RealControlPlane cp;
  static KubernetesClient admin;
  static Path helmHome;
  static final List<HasMetadata> created = new ArrayList<>();

  @BeforeAll
  static void install() throws Exception {
    cp = RealControlPlane.shared();
    admin = cp.admin();
    helmHome = Files.createTempDirectory("op-rbac-helm");
    helm("install", RELEASE, ChartTools.chart().toString(), "--create-namespace").ok();
    fixtures();
  }

  @AfterAll
  static void uninstall() throws Exception {
    for (int i = created.size() - 1; i >= 0; i--) {
      admin.resource(created.get(i)).withGracePeriod(0).delete();
    }
    helm("uninstall", RELEASE, "--ignore-not-found");
    admin.namespaces().withName(NS).delete();
  }

  /** Nodes, the pull Secret, rubik's DaemonSet and ConfigMap (rubik's install), and the CRs. */
  static void fixtures() {
    for (String n : List.of("op-rbac-1", "op-rbac-2")) {
      add(
          new NodeBuilder()
              .withNewMetadata()
              .withName(n)
              .addToLabels("pool", POOL)
              .endMetadata()
              .build());
    }
    add(
        new SecretBuilder()
            .withNewMetadata()
            .withName("op-rbac-pull")
            .withNamespace(NS)
            .endMetadata()
            .withType("kubernetes.io/dockerconfigjson")
            .addToStringData(".dockerconfigjson", "{\"auths\":{}}")
            .build());
    add(
        new DaemonSetBuilder()
            .withNewMetadata()
            .withName("rubik-agent")
            .withNamespace("kube-system")
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", "rubik-agent")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "rubik-agent")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("rubik")
            .withImage("registry.invalid/rubik:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    add(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("rubik-config")
            .withNamespace("kube-system")
            .endMetadata()
            .addToData("config.json", "{}")
            .build());
    add(
        cr(
            """
            {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"NodeConfig","metadata":{"name":"op-rbac"},
             "spec":{"nodeSelector":{"matchLabels":{"pool":"op-rbac"}},
                     "sysctls":[{"name":"vm.swappiness","value":"10"}]}}"""));
    add(
        cr(
            """
            {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"RubikPolicy","metadata":{"name":"op-rbac"},
             "spec":{"nodeSelector":{"matchLabels":{"pool":"op-rbac"}},"mode":"Rubik",
                     "features":{"cpuPreemption":true}}}"""));
    add(
        cr(
            """
            {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion","metadata":{"name":"op-rbac"},
             "spec":{"osImage":"127.0.0.1:9/nestos@sha256:3f1c2b9e8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10",
                     "imagePolicy":{"pullSecretName":"op-rbac-pull"},
                     "nodeSelector":{"matchLabels":{"pool":"op-rbac"}}}}"""));
  }

  @Test
  @Order(1)
  void withTheDefaultsRubikModeAndAnUnlistedPullSecretReadAsStalledConditions() throws Exception {
    Set<String> refused = ConcurrentHashMap.newKeySet();
    KubernetesClient token = recording403s(cp.unboundToken(NS, "nestos-operator"), refused);
    try (OperatorRuntime operator =
        OperatorRuntime.start(token, chartConfig("op-rbac-defaults"), Clock.systemUTC())) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                assertThat(stalled("rubikpolicies", "op-rbac"))
                    .as("RubikPolicy Stalled")
                    .containsEntry("status", "True")
                    .containsEntry("reason", "RubikInteropDisabled");
                assertThat(stalled("osversions", "op-rbac"))
                    .as("OSVersion Stalled")
                    .containsEntry("status", "True")
                    .containsEntry("reason", "PullSecretNotAllowed");
              });
      System.out.println("RubikPolicy Stalled: " + stalled("rubikpolicies", "op-rbac"));
      System.out.println("OSVersion Stalled: " + stalled("osversions", "op-rbac"));
      assertThat(stalled("rubikpolicies", "op-rbac").get("message"))
          .asString()
          .contains("rubik.interop.enabled=true");
      assertThat(stalled("osversions", "op-rbac").get("message"))
          .asString()
          .contains("registry.pullSecrets")
          .contains(NS + "/op-rbac-pull");
      // NodeConfig and the NodeStates are rendered all the same
      assertThat(Serialization.asJson((Object) get("nodestates", "op-rbac-1").get("spec")))
          .contains("vm.swappiness");
    }
    assertThat(
            admin.configMaps().inNamespace("kube-system").withName("rubik-config").get().getData())
        .as("rubik's ConfigMap untouched")
        .containsEntry("config.json", "{}");
    System.out.println("requests the apiserver refused (403) with the defaults: " + refused);
    assertThat(refused)
        .as("only the pull-secret read is refused; nothing in rubik's namespace is tried")
        .containsOnly("GET /api/v1/namespaces/" + NS + "/secrets/op-rbac-pull");
  }

  @Test
  @Order(2)
  void everyReconcilerWorksWithTheChartsTokenAndNothingIsRefused() throws Exception {
    helm(
            "upgrade",
            RELEASE,
            ChartTools.chart().toString(),
            "--set",
            "rubik.interop.enabled=true",
            "--set",
            "registry.pullSecrets={op-rbac-pull}")
        .ok();
    Set<String> refused = ConcurrentHashMap.newKeySet();
    KubernetesClient token = recording403s(cp.unboundToken(NS, "nestos-operator"), refused);
    // the upgraded Roles take effect when the apiserver's informers have them
    await()
        .atMost(WAIT)
        .until(
            () ->
                cp.clientWithToken(cp.unboundToken(NS, "nestos-operator"), "op-rbac-probe")
                        .configMaps()
                        .inNamespace("kube-system")
                        .withName("rubik-config")
                        .get()
                    != null);
    // rubik not installed (no ConfigMap): the chart grants no create, and the policy says so
    ConfigMap rubikConfig =
        admin.configMaps().inNamespace("kube-system").withName("rubik-config").get();
    admin.resource(rubikConfig).delete();
    await()
        .atMost(WAIT)
        .until(
            () ->
                admin.configMaps().inNamespace("kube-system").withName("rubik-config").get()
                    == null);
    Set<String> refusedWithoutRubik = ConcurrentHashMap.newKeySet();
    try (OperatorRuntime operator =
        OperatorRuntime.start(
            recording403s(cp.unboundToken(NS, "nestos-operator"), refusedWithoutRubik),
            chartConfig("op-rbac-no-rubik"),
            Clock.systemUTC())) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () ->
                  assertThat(stalled("rubikpolicies", "op-rbac"))
                      .containsEntry("status", "True")
                      .containsEntry("reason", "RubikInteropForbidden"));
      System.out.println(
          "RubikPolicy Stalled without rubik's ConfigMap: " + stalled("rubikpolicies", "op-rbac"));
      assertThat(stalled("rubikpolicies", "op-rbac").get("message"))
          .asString()
          .contains("rubik's install creates it");
    }
    assertThat(refusedWithoutRubik)
        .as("the create the chart does not grant, tried once per reconcile, not in a loop")
        .containsOnly("POST /api/v1/namespaces/kube-system/configmaps");
    rubikConfig.getMetadata().setResourceVersion(null);
    rubikConfig.getMetadata().setUid(null);
    rubikConfig.getMetadata().setCreationTimestamp(null);
    rubikConfig.getMetadata().setManagedFields(null);
    admin.resource(rubikConfig).create();

    try (OperatorRuntime operator =
        OperatorRuntime.start(token, chartConfig("op-rbac-0"), Clock.systemUTC())) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                Lease lease = admin.leases().inNamespace(NS).withName("nestos-operator").get();
                assertThat(lease).as("the Lease").isNotNull();
                assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("op-rbac-0");
                for (String n : List.of("op-rbac-1", "op-rbac-2")) {
                  assertThat(get("nodestates", n)).as("NodeState %s", n).isNotNull();
                  assertThat(Serialization.asJson((Object) get("nodestates", n).get("spec")))
                      .contains("vm.swappiness");
                }
                assertThat((Object) get("nodeconfigs", "op-rbac").get("status")).isNotNull();
                assertThat(stalled("rubikpolicies", "op-rbac").get("status"))
                    .as("RubikPolicy no longer Stalled")
                    .isNotEqualTo("True");
                assertThat(stalled("osversions", "op-rbac").get("reason"))
                    .isNotEqualTo("PullSecretNotAllowed");
                GenericKubernetesResource osv = get("osversions", "op-rbac");
                assertThat(osv.getMetadata().getFinalizers()).contains(Finalizers.ROLLOUT);
                assertThat((Object) osv.get("status")).isNotNull();
                assertThat(
                        admin
                            .configMaps()
                            .inNamespace("kube-system")
                            .withName("rubik-config")
                            .get()
                            .getData()
                            .get("config.json"))
                    .isNotEqualTo("{}");
                assertThat(
                        admin
                            .apps()
                            .daemonSets()
                            .inNamespace("kube-system")
                            .withName("rubik-agent")
                            .get()
                            .getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getAnnotations())
                    .containsKey("nestos.openeuler.org/rubik-config-checksum");
                assertThat(admin.v1().events().inNamespace("default").list().getItems())
                    .anyMatch(
                        e ->
                            e.getSource() != null
                                && "nestos-operator".equals(e.getSource().getComponent())
                                && "op-rbac".equals(e.getInvolvedObject().getName()));
              });
      System.out.println(
          "OSVersion status under the chart's RBAC: "
              + Serialization.asJson((Object) get("osversions", "op-rbac").get("status")));

      // deletion: the finalizer comes off (a patch) and the OSVersion goes
      admin.resource(get("osversions", "op-rbac")).delete();
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(get("osversions", "op-rbac")).isNull());
    }
    System.out.println("requests the apiserver refused (403) while the operator ran: " + refused);
    assertThat(refused).as("requests the apiserver refused while the operator ran").isEmpty();
  }

  /**
   * {@code operator.logLevel} is the operator's level: the operator's real entry point ({@code
   * OperatorMain}, a JVM of its own) started with the environment the chart renders (the upgraded
   * release's Deployment, read back) and the chart's service-account token, until it holds its
   * Lease. At {@code debug} its libraries' DEBUG lines show; at {@code warn} not even its INFO
   * start line.
   */
  @Test
  @Order(3)
  void theChartsLogLevelIsTheOperatorsLevel() throws Exception {
    for (String level : List.of("debug", "warn")) {
      helm(
              "upgrade",
              RELEASE,
              ChartTools.chart().toString(),
              "--reuse-values",
              "--set",
              "operator.logLevel=" + level)
          .ok();
      Map<String, String> env = deploymentEnv();
      assertThat(env).containsEntry("NESTOS_LOG_LEVEL", level);
      String identity = "op-log-" + level;
      String lease = "nestos-operator-log-" + level;
      Path dir = Files.createTempDirectory("op-log");
      Path kubeconfig =
          cp.writeTokenKubeconfig(
              dir.resolve("kubeconfig"), "nestos-operator", cp.unboundToken(NS, "nestos-operator"));
      Path out = dir.resolve("operator.log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElseThrow(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "org.openeuler.nestos.operator.OperatorMain",
                  "--metrics-port=0")
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      pb.environment().putAll(env);
      pb.environment().put("NESTOS_LEASE_NAME", lease);
      pb.environment().put("POD_NAME", identity);
      pb.environment().put("POD_NAMESPACE", NS);
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      Process p = pb.start();
      String log;
      try {
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> {
                  assertThat(p.isAlive()).as(Files.readString(out)).isTrue();
                  Lease l = admin.leases().inNamespace(NS).withName(lease).get();
                  assertThat(l).isNotNull();
                  assertThat(l.getSpec().getHolderIdentity()).isEqualTo(identity);
                });
      } finally {
        p.destroy();
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
        }
        log = Files.readString(out);
        admin.leases().inNamespace(NS).withName(lease).delete();
      }
      long debug = log.lines().filter(l -> l.contains("] DEBUG ")).count();
      long info = log.lines().filter(l -> l.contains("] INFO ")).count();
      System.out.printf(
          "operator.logLevel=%s: %d DEBUG lines, %d INFO lines, %d lines in all%n",
          level, debug, info, log.lines().count());
      if (level.equals("debug")) {
        assertThat(log).contains("log level debug");
        assertThat(debug).as(log).isPositive();
      } else {
        assertThat(debug + info).as(log).isZero();
      }
    }
  }

  /**
   * The configuration the chart's Deployment gives the operator: its {@code NESTOS_*} variables as
   * installed (read back from the server), with the pod's name and namespace.
   */
  private static OperatorConfig chartConfig(String podName) {
    Map<String, String> env = new HashMap<>(deploymentEnv());
    env.put("POD_NAMESPACE", NS);
    env.put("POD_NAME", podName);
    return OperatorConfig.from(env, "--metrics-port=0", "--reconcile-threads=4");
  }

  static Map<String, String> deploymentEnv() {
    Map<String, String> env = new HashMap<>();
    admin
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("nestos-operator")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  /** The Stalled condition of a cluster-scoped CR, or an empty map. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> stalled(String plural, String name) {
    GenericKubernetesResource r = get(plural, name);
    Object status = r == null ? null : r.get("status");
    if (!(status instanceof Map<?, ?> m) || !(m.get("conditions") instanceof List<?> conditions)) {
      return Map.of();
    }
    return conditions.stream()
        .map(c -> (Map<String, Object>) c)
        .filter(c -> "Stalled".equals(c.get("type")))
        .findFirst()
        .orElse(Map.of());
  }

  /**
   * A client with the operator's token that notes every request answered 403 (the operator logs and
   * retries most of them, so only the client sees them all).
   */
  private static KubernetesClient recording403s(String token, Set<String> refused) {
    Config config;
    try (KubernetesClient c = cp.clientWithToken(token, "nestos-operator-rbac-test")) {
      config = c.getConfiguration();
    }
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void after(
              HttpRequest request,
              HttpResponse<?> response,
              AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            if (response.code() == 403) {
              refused.add(request.method() + " " + request.uri().getPath());
            }
          }
        };
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withKubernetesSerialization(org.openeuler.nestos.api.LenientResources.serialization())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("record-403", recorder))
        .build();
  }

  private static GenericKubernetesResource cr(String json) {
    return Serialization.unmarshal(json, GenericKubernetesResource.class);
  }

  private static GenericKubernetesResource get(String plural, String name) {
    return admin
        .genericKubernetesResources(
            new ResourceDefinitionContext.Builder()
                .withGroup("nestos.openeuler.org")
                .withVersion("v1alpha1")
                .withPlural(plural)
                .withNamespaced(false)
                .build())
        .withName(name)
        .get();
  }

  private static <T extends HasMetadata> void add(T object) {
    created.add(admin.resource(object).create());
  }

  private static ChartTools.Run helm(String... args) throws Exception {
    return ChartTools.helm3(helmHome, cp.adminKubeconfig(), NS, args);
  }
}
