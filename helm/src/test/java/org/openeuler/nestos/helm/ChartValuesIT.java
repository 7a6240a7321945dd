package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each value of the chart renders, with the real helm 3 and helm 4 ({@code helm template}, no
 * cluster): the RBAC variants (rubik interop, pull secrets, drain pod deletion), scheduling and
 * security contexts, the daemon's priority and update strategy, the metrics Services and the
 * optional ServiceMonitor, the log level, and the guards for APIs a cluster may not serve (the
 * ValidatingAdmissionPolicy from Kubernetes 1.30, the Prometheus Operator's ServiceMonitor).
 * RbacMatrixKubeIT proves the RBAC variants on the real kube-apiserver.
 */
class ChartValuesIT {

  static final String NS = "nestos-system";

  @TempDir Path home;

  ChartTools.Run template(String which, String... args) throws Exception {
    List<String> argv =
        ChartTools.argv(
            List.of(ChartTools.helm(which), "template", "nestos", ChartTools.chart().toString()),
            "-n",
            NS);
    argv.addAll(List.of(args));
    return ChartTools.run(home, argv);
  }

  List<JsonNode> render(String which, String... args) throws Exception {
    ChartTools.Run r = template(which, args).ok();
    return HelmChartIT.documents(r.out());
  }

  static Optional<JsonNode> object(List<JsonNode> docs, String kind, String name) {
    return docs.stream()
        .filter(
            d ->
                d.path("kind").asText().equals(kind)
                    && d.path("metadata").path("name").asText().equals(name))
        .findFirst();
  }

  static List<String> kinds(List<JsonNode> docs) {
    List<String> out = new ArrayList<>();
    docs.forEach(
        d -> out.add(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()));
    return out;
  }

  /** The verbs of {@code role}'s rule for {@code resource}, or "" without one. */
  static String verbs(JsonNode role, String resource) {
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode r : rule.path("resources")) {
        if (r.asText().equals(resource)) {
          return rule.path("verbs").toString();
        }
      }
    }
    return "";
  }

  static JsonNode podSpec(List<JsonNode> docs, String kind, String name) {
    return object(docs, kind, name).orElseThrow().path("spec").path("template").path("spec");
  }

  static String env(JsonNode podSpec, String name) {
    for (JsonNode e : podSpec.path("containers").get(0).path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    return null;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void helmLintPasses(String which) throws Exception {
    for (List<String> values :
        List.of(
            List.<String>of(),
            List.of(
                "--set",
                "rubik.interop.enabled=true",
                "--set",
                "registry.pullSecrets={a,b}",
                "--set",
                "operator.drain.allowPodDeletion=true"))) {
      ChartTools.Run lint =
          ChartTools.run(
              home,
              ChartTools.argv(
                  ChartTools.argv(
                      List.of(ChartTools.helm(which), "lint", "--strict"),
                      ChartTools.chart().toString()),
                  values.toArray(String[]::new)));
      System.out.printf("$ %s lint --strict %s%n%s%n", which, values, lint.out().strip());
      lint.ok();
      assertThat(lint.out()).contains("1 chart(s) linted, 0 chart(s) failed");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void byDefaultTheOperatorReadsNoSecretTouchesNoRubikObjectAndDeletesNoPod(String which)
      throws Exception {
    List<JsonNode> docs = render(which);
    assertThat(object(docs, "Role", "nestos-operator-pull-secrets")).isEmpty();
    assertThat(object(docs, "RoleBinding", "nestos-operator-pull-secrets")).isEmpty();
    assertThat(object(docs, "Role", "nestos-operator-rubik")).isEmpty();
    assertThat(object(docs, "RoleBinding", "nestos-operator-rubik")).isEmpty();
    JsonNode cluster = object(docs, "ClusterRole", "nestos-operator").orElseThrow();
    assertThat(verbs(cluster, "pods")).isEqualTo("[\"list\"]");
    assertThat(verbs(cluster, "pods/eviction")).isEqualTo("[\"create\"]");
    assertThat(cluster.path("rules").toString())
        .doesNotContain("secrets")
        .doesNotContain("configmaps");
    JsonNode op = podSpec(docs, "Deployment", "nestos-operator");
    assertThat(env(op, "NESTOS_RUBIK_INTEROP")).isEqualTo("false");
    assertThat(env(op, "NESTOS_DRAIN_POD_DELETION")).isEqualTo("false");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void theOptInsGrantExactlyTheNamedObjects(String which) throws Exception {
    List<JsonNode> docs =
        render(
            which,
            "--set",
            "rubik.interop.enabled=true",
            "--set",
            "rubik.namespace=rubik-system",
            "--set",
            "rubik.configMapName=rubik-cfg",
            "--set",
            "rubik.daemonSetName=rubik-ds",
            "--set",
            "registry.pullSecrets={registry-a,registry-b}",
            "--set",
            "operator.drain.allowPodDeletion=true");
    JsonNode secrets = object(docs, "Role", "nestos-operator-pull-secrets").orElseThrow();
    assertThat(secrets.path("metadata").path("namespace").asText()).isEqualTo(NS);
    assertThat(secrets.path("rules")).hasSize(1);
    assertThat(secrets.path("rules").get(0).path("resourceNames").toString())
        .isEqualTo("[\"registry-a\",\"registry-b\"]");
    assertThat(secrets.path("rules").get(0).path("verbs").toString()).isEqualTo("[\"get\"]");
    JsonNode rubik = object(docs, "Role", "nestos-operator-rubik").orElseThrow();
    assertThat(rubik.path("metadata").path("namespace").asText()).isEqualTo("rubik-system");
    assertThat(rubik.path("rules")).hasSize(2);
    for (JsonNode rule : rubik.path("rules")) {
      // every rule by name: no create (cannot be limited by name), no list, no delete
      assertThat(rule.path("resourceNames")).hasSize(1);
      assertThat(rule.path("verbs").toString()).doesNotContain("create").doesNotContain("list");
    }
    assertThat(rubik.path("rules").toString())
        .contains("\"resourceNames\":[\"rubik-cfg\"]")
        .contains("\"resourceNames\":[\"rubik-ds\"]");
    assertThat(
            object(docs, "RoleBinding", "nestos-operator-rubik")
                .orElseThrow()
                .path("subjects")
                .get(0)
                .path("namespace")
                .asText())
        .isEqualTo(NS);
    JsonNode cluster = object(docs, "ClusterRole", "nestos-operator").orElseThrow();
    assertThat(verbs(cluster, "pods")).isEqualTo("[\"list\",\"delete\"]");
    JsonNode op = podSpec(docs, "Deployment", "nestos-operator");
    assertThat(env(op, "NESTOS_RUBIK_INTEROP")).isEqualTo("true");
    assertThat(env(op, "NESTOS_DRAIN_POD_DELETION")).isEqualTo("true");
    assertThat(env(op, "NESTOS_RUBIK_NAMESPACE")).isEqualTo("rubik-system");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void theRegistrySettingsReachTheOperatorAndTheDaemons(String which) throws Exception {
    List<JsonNode> docs =
        render(
            which,
            "--set",
            "registry.pullSecrets={registry-a}",
            "--set",
            "registry.check=false",
            "--set",
            "registry.onUnreachable=Block",
            "--set",
            "registry.plainHttpRegistries={mirror.local:5000,10.0.0.7}",
            "--set",
            "registry.caBundle=-----BEGIN CERTIFICATE-----",
            "--set",
            "daemon.bypassUpdateDriver=true");
    JsonNode op = podSpec(docs, "Deployment", "nestos-operator");
    assertThat(env(op, "NESTOS_REGISTRY_CHECK")).isEqualTo("false");
    assertThat(env(op, "NESTOS_REGISTRY_ON_UNREACHABLE")).isEqualTo("Block");
    assertThat(env(op, "NESTOS_REGISTRY_PLAIN_HTTP")).isEqualTo("mirror.local:5000,10.0.0.7");
    // the CA file the operator is told about is the one the ConfigMap is mounted as
    assertThat(env(op, "NESTOS_REGISTRY_CA_FILE")).isEqualTo("/etc/nestos/registry-ca/ca.crt");
    assertThat(op.path("containers").get(0).path("volumeMounts").toString())
        .contains("\"mountPath\":\"/etc/nestos/registry-ca\"");
    assertThat(op.path("volumes").toString()).contains("nestos-operator-registry-ca");
    assertThat(
            object(docs, "ConfigMap", "nestos-operator-registry-ca")
                .orElseThrow()
                .path("data")
                .path("ca.crt")
                .asText())
        .isEqualTo("-----BEGIN CERTIFICATE-----");
    // one list of pull Secrets, granted by name to the operator and to the daemons
    for (String role : List.of("nestos-operator-pull-secrets", "nestos-node-daemon-pull-secrets")) {
      assertThat(object(docs, "Role", role).orElseThrow().path("rules").toString())
          .as(role)
          .contains("\"resourceNames\":[\"registry-a\"]");
    }
    assertThat(env(podSpec(docs, "DaemonSet", "nestos-node-daemon"), "NESTOS_BYPASS_UPDATE_DRIVER"))
        .isEqualTo("true");

    List<JsonNode> defaults = render(which);
    JsonNode plain = podSpec(defaults, "Deployment", "nestos-operator");
    assertThat(env(plain, "NESTOS_REGISTRY_CHECK")).isEqualTo("true");
    assertThat(env(plain, "NESTOS_REGISTRY_ON_UNREACHABLE")).isEqualTo("Proceed");
    assertThat(env(plain, "NESTOS_REGISTRY_CA_FILE")).isNull();
    assertThat(env(plain, "NESTOS_REGISTRY_PLAIN_HTTP")).isNull();
    assertThat(object(defaults, "ConfigMap", "nestos-operator-registry-ca")).isEmpty();
    assertThat(
            env(
                podSpec(defaults, "DaemonSet", "nestos-node-daemon"),
                "NESTOS_BYPASS_UPDATE_DRIVER"))
        .isNull();
    assertThat(template(which, "--set", "registry.onUnreachable=Retry").exit()).isNotZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void imagePullSecretsReachBothPodsTogetherWithAnUmbrellaChartsGlobalOnes(String which)
      throws Exception {
    List<JsonNode> docs =
        render(
            which,
            "--set",
            "imagePullSecrets={mirror-pull,shared-pull}",
            "--set-json",
            "global={\"imagePullSecrets\":[{\"name\":\"shared-pull\"},\"umbrella-pull\"]}");
    for (JsonNode pod :
        List.of(
            podSpec(docs, "Deployment", "nestos-operator"),
            podSpec(docs, "DaemonSet", "nestos-node-daemon"))) {
      assertThat(pod.path("imagePullSecrets").toString())
          .isEqualTo(
              "[{\"name\":\"mirror-pull\"},{\"name\":\"shared-pull\"},{\"name\":\"umbrella-pull\"}]");
    }
    List<JsonNode> defaults = render(which);
    assertThat(podSpec(defaults, "Deployment", "nestos-operator").has("imagePullSecrets"))
        .isFalse();
    assertThat(podSpec(defaults, "DaemonSet", "nestos-node-daemon").has("imagePullSecrets"))
        .isFalse();
    ChartTools.Run invalid = template(which, "--set", "imagePullSecrets[0]=Not_A_Name");
    assertThat(invalid.exit()).isNotZero();
    assertThat(invalid.out()).contains("imagePullSecrets");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void bootCountingReachesTheDaemonsOnlyWhenSwitchedOn(String which) throws Exception {
    JsonNode on =
        podSpec(
            render(
                which,
                "--set",
                "daemon.bootCounting.attempts=3",
                "--set",
                "daemon.bootCounting.grubenv=/boot/grub/grubenv"),
            "DaemonSet",
            "nestos-node-daemon");
    assertThat(env(on, "NESTOS_BOOT_ATTEMPTS")).isEqualTo("3");
    assertThat(env(on, "NESTOS_GRUBENV")).isEqualTo("/boot/grub/grubenv");
    JsonNode off = podSpec(render(which), "DaemonSet", "nestos-node-daemon");
    assertThat(env(off, "NESTOS_BOOT_ATTEMPTS")).isNull();
    assertThat(env(off, "NESTOS_GRUBENV")).isNull();
    for (String bad :
        List.of("daemon.bootCounting.attempts=100", "daemon.bootCounting.grubenv=boot/grubenv")) {
      ChartTools.Run r = template(which, "--set", bad);
      assertThat(r.exit()).as(bad).isNotZero();
      // helm 3: "daemon.bootCounting.attempts: ..."; helm 4: "at '/daemon/bootCounting/attempts'"
      assertThat(r.out()).as(bad).containsPattern("daemon[./]bootCounting");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void leaderElectionTimingsReachTheOperatorAndNonsenseIsRefused(String which) throws Exception {
    JsonNode defaults = podSpec(render(which), "Deployment", "nestos-operator");
    // the measured failover target (<= 15 s, BENCHMARKS.md "Leader failover") needs shorter
    // timings than the common 15s/10s/2s
    assertThat(env(defaults, "NESTOS_LEASE_DURATION")).isEqualTo("10s");
    assertThat(env(defaults, "NESTOS_LEASE_RENEW_DEADLINE")).isEqualTo("7s");
    assertThat(env(defaults, "NESTOS_LEASE_RETRY_PERIOD")).isEqualTo("1s");
    JsonNode tuned =
        podSpec(
            render(
                which,
                "--set",
                "operator.leaderElection.leaseDuration=15s",
                "--set",
                "operator.leaderElection.renewDeadline=10",
                "--set",
                "operator.leaderElection.retryPeriod=2000ms"),
            "Deployment",
            "nestos-operator");
    assertThat(env(tuned, "NESTOS_LEASE_DURATION")).isEqualTo("15s");
    assertThat(env(tuned, "NESTOS_LEASE_RENEW_DEADLINE")).isEqualTo("10");
    assertThat(env(tuned, "NESTOS_LEASE_RETRY_PERIOD")).isEqualTo("2000ms");
    for (String bad :
        List.of(
            "operator.leaderElection.leaseDuration=fast",
            "operator.leaderElection.retryPeriod=0s",
            "operator.leaderElection.renewDeadline=-1")) {
      ChartTools.Run r = template(which, "--set", bad);
      assertThat(r.exit()).as(bad).isNotZero();
      assertThat(r.out()).as(bad).containsPattern("leaderElection");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void drainRetryBackoffReachesTheOperatorAndNonsenseIsRefused(String which) throws Exception {
    JsonNode defaults = podSpec(render(which), "Deployment", "nestos-operator");
    assertThat(env(defaults, "NESTOS_DRAIN_BACKOFF")).isEqualTo("1m");
    JsonNode tuned =
        podSpec(
            render(which, "--set", "operator.drain.retryBackoff=20s"),
            "Deployment",
            "nestos-operator");
    assertThat(env(tuned, "NESTOS_DRAIN_BACKOFF")).isEqualTo("20s");
    ChartTools.Run r = template(which, "--set", "operator.drain.retryBackoff=soon");
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).containsPattern("drain[./]retryBackoff");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void operatorAndDaemonPodsAreWhatAReviewerExpects(String which) throws Exception {
    List<JsonNode> docs =
        render(
            which,
            "--set",
            "operator.nodeSelector.node-role\\.kubernetes\\.io/control-plane=",
            "--set",
            "operator.tolerations[0].key=node-role.kubernetes.io/control-plane",
            "--set",
            "operator.tolerations[0].operator=Exists",
            "--set",
            "operator.tolerations[0].effect=NoSchedule",
            "--set",
            "operator.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight=100",
            "--set",
            "operator.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey=kubernetes.io/hostname",
            "--set",
            "operator.priorityClassName=system-cluster-critical",
            "--set",
            "daemon.updateStrategy.maxUnavailable=3");
    JsonNode op = podSpec(docs, "Deployment", "nestos-operator");
    assertThat(op.path("nodeSelector").toString())
        .isEqualTo("{\"node-role.kubernetes.io/control-plane\":\"\"}");
    assertThat(op.path("tolerations").get(0).path("effect").asText()).isEqualTo("NoSchedule");
    assertThat(op.path("affinity").path("podAntiAffinity").toString())
        .contains("kubernetes.io/hostname");
    assertThat(op.path("priorityClassName").asText()).isEqualTo("system-cluster-critical");
    JsonNode pod = op.path("securityContext");
    assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("runAsUser").asInt()).isEqualTo(65532);
    assertThat(pod.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    JsonNode c = op.path("containers").get(0).path("securityContext");
    assertThat(c.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(c.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(c.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(op.path("volumes").toString()).contains("emptyDir");

    JsonNode ds = object(docs, "DaemonSet", "nestos-node-daemon").orElseThrow();
    assertThat(ds.path("spec").path("updateStrategy").path("rollingUpdate").toString())
        .isEqualTo("{\"maxUnavailable\":3}");
    JsonNode daemon = ds.path("spec").path("template").path("spec");
    assertThat(daemon.path("priorityClassName").asText()).isEqualTo("system-node-critical");
    assertThat(daemon.path("hostPID").asBoolean()).isTrue();
    assertThat(
            daemon.path("containers").get(0).path("securityContext").path("privileged").asBoolean())
        .isTrue();

    // the defaults: no scheduling constraint on the operator, 10% of the daemons at once
    List<JsonNode> defaults = render(which);
    JsonNode plain = podSpec(defaults, "Deployment", "nestos-operator");
    assertThat(plain.has("nodeSelector")).isFalse();
    assertThat(plain.has("affinity")).isFalse();
    assertThat(plain.has("tolerations")).isFalse();
    assertThat(plain.has("priorityClassName")).isFalse();
    assertThat(
            object(defaults, "DaemonSet", "nestos-node-daemon")
                .orElseThrow()
                .path("spec")
                .path("updateStrategy")
                .path("rollingUpdate")
                .path("maxUnavailable")
                .asText())
        .isEqualTo("10%");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void metricsServicesAlwaysAndAServiceMonitorOnlyWhereTheApiIs(String which) throws Exception {
    List<JsonNode> docs = render(which);
    JsonNode svc = object(docs, "Service", "nestos-operator-metrics").orElseThrow();
    assertThat(svc.path("spec").path("ports").get(0).path("name").asText()).isEqualTo("metrics");
    assertThat(svc.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(8080);
    assertThat(svc.path("spec").path("selector").path("app.kubernetes.io/component").asText())
        .isEqualTo("operator");
    JsonNode headless = object(docs, "Service", "nestos-node-daemon-metrics").orElseThrow();
    assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
    assertThat(headless.path("spec").path("ports").get(0).path("name").asText())
        .isEqualTo("metrics");
    // the Services select the pods: their labels carry every selector label
    for (String[] pair :
        new String[][] {
          {"Deployment", "nestos-operator", "nestos-operator-metrics"},
          {"DaemonSet", "nestos-node-daemon", "nestos-node-daemon-metrics"}
        }) {
      JsonNode labels =
          object(docs, pair[0], pair[1])
              .orElseThrow()
              .path("spec")
              .path("template")
              .path("metadata")
              .path("labels");
      object(docs, "Service", pair[2])
          .orElseThrow()
          .path("spec")
          .path("selector")
          .fields()
          .forEachRemaining(
              e -> assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    }
    assertThat(kinds(docs)).noneMatch(k -> k.startsWith("ServiceMonitor"));

    ChartTools.Run refused = template(which, "--set", "metrics.serviceMonitor.enabled=true");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.out())
        .contains("does not serve monitoring.coreos.com/v1 ServiceMonitor")
        .contains("--api-versions monitoring.coreos.com/v1/ServiceMonitor");

    List<JsonNode> monitored =
        render(
            which,
            "--api-versions",
            "monitoring.coreos.com/v1/ServiceMonitor",
            "--set",
            "metrics.serviceMonitor.enabled=true",
            "--set",
            "metrics.serviceMonitor.labels.release=prometheus");
    for (String name : List.of("nestos-operator", "nestos-node-daemon")) {
      JsonNode sm = object(monitored, "ServiceMonitor", name).orElseThrow();
      assertThat(sm.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
      assertThat(sm.path("metadata").path("labels").path("release").asText())
          .isEqualTo("prometheus");
      assertThat(sm.path("spec").path("endpoints").get(0).path("port").asText())
          .isEqualTo("metrics");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void theAdmissionPoliciesNeedKubernetes130OrAnExplicitOptOut(String which) throws Exception {
    List<JsonNode> current = render(which, "--kube-version", "1.30.0");
    assertThat(kinds(current))
        .contains(
            "ValidatingAdmissionPolicy/nestos-node-daemon-own-nodestate",
            "ValidatingAdmissionPolicy/nestos-nodestate-grants-by-operator");

    ChartTools.Run old = template(which, "--kube-version", "1.29.9");
    System.out.printf("$ %s template --kube-version 1.29.9%n%s%n", which, old.out().strip());
    assertThat(old.exit()).isNotZero();
    assertThat(old.out())
        .contains("Kubernetes v1.29.9")
        .contains("does not serve admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy")
        .contains("--set daemon.nodeScopedAdmissionPolicy=false");

    List<JsonNode> optedOut =
        render(
            which,
            "--kube-version",
            "1.29.9",
            "--set",
            "daemon.nodeScopedAdmissionPolicy=false",
            "--set",
            "operator.grantAdmissionPolicy=false");
    assertThat(kinds(optedOut)).noneMatch(k -> k.startsWith("ValidatingAdmissionPolicy"));
    assertThat(kinds(optedOut)).contains("DaemonSet/nestos-node-daemon");

    // a cluster that lists the API (as a live cluster's discovery does) gets the policies
    List<JsonNode> listed =
        render(
            which,
            "--kube-version",
            "1.29.9",
            "--api-versions",
            "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy");
    assertThat(kinds(listed))
        .contains("ValidatingAdmissionPolicy/nestos-node-daemon-own-nodestate");
  }

  @Test
  void theLogLevelReachesTheOperatorAndTheSchemaRefusesOthers() throws Exception {
    JsonNode op =
        podSpec(
            render("helm3", "--set", "operator.logLevel=debug"), "Deployment", "nestos-operator");
    assertThat(env(op, "NESTOS_LOG_LEVEL")).isEqualTo("debug");
    ChartTools.Run bad = template("helm3", "--set", "operator.logLevel=verbose");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.out()).contains("operator.logLevel");
    ChartTools.Run badSecret = template("helm3", "--set", "registry.pullSecrets={Not_A_Name}");
    assertThat(badSecret.exit()).isNotZero();
    assertThat(badSecret.out()).contains("registry.pullSecrets");
  }
}
