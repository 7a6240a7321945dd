package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * The chart installed, upgraded, rolled back and uninstalled by the real helm 3 and helm 4 on the
 * real kube-apiserver (no {@code --wait}: nothing runs pods), with every object read back from the
 * server; and the CRD upgrade path of docs/install.md: {@code helm upgrade} leaves {@code crds/}
 * alone, the documented {@code kubectl apply --server-side} upgrades them.
 */
class HelmReleaseKubeIT {

  static final String RELEASE = "nestos";
  static final String RUBIK_NAMESPACE = "kube-system";
  static final ObjectMapper JSON = Serialization.jsonMapper();
  static final List<String> CRDS =
      List.of(
          "nodeconfigs.nestos.openeuler.org",
          "nodestates.nestos.openeuler.org",
          "osversions.nestos.openeuler.org",
          "rubikpolicies.nestos.openeuler.org");

  /**
   * Every object the chart renders with its defaults (kind/namespace/name; no Secret or rubik Role:
   * those are opt-ins); the CRDs are not part of a release.
   */
  static Set<String> expectedObjects(String ns) {
    return new TreeSet<>(
        List.of(
            "ServiceAccount/" + ns + "/nestos-operator",
            "ServiceAccount/" + ns + "/nestos-node-daemon",
            "ClusterRole//nestos-operator",
            "ClusterRole//nestos-node-daemon",
            "ClusterRoleBinding//nestos-operator",
            "ClusterRoleBinding//nestos-node-daemon",
            "Role/" + ns + "/nestos-operator-leader-election",
            "RoleBinding/" + ns + "/nestos-operator-leader-election",
            "Service/" + ns + "/nestos-operator-metrics",
            "Service/" + ns + "/nestos-node-daemon-metrics",
            "Deployment/" + ns + "/nestos-operator",
            "DaemonSet/" + ns + "/nestos-node-daemon",
            "ValidatingAdmissionPolicy//nestos-node-daemon-own-nodestate",
            "ValidatingAdmissionPolicyBinding//nestos-node-daemon-own-nodestate",
            "ValidatingAdmissionPolicy//nestos-nodestate-grants-by-operator",
            "ValidatingAdmissionPolicyBinding//nestos-nodestate-grants-by-operator"));
  }

  static RealControlPlane cp;
  static KubernetesClient admin;

  @BeforeAll
  static void controlPlane() {
    cp = RealControlPlane.shared();
    admin = cp.admin();
  }

  /** helm with the admin kubeconfig, in {@code ns}. */
  record Helm(String which, String ns, Path home) {
    ChartTools.Run run(String... args) throws Exception {
      ChartTools.Run r =
          ChartTools.run(
              home,
              ChartTools.argv(
                  List.of(
                      ChartTools.helm(which),
                      "--kubeconfig",
                      cp.adminKubeconfig().toString(),
                      "-n",
                      ns),
                  args));
      boolean quiet = args[0].equals("get") || args[0].equals("history");
      System.out.printf(
          "$ %s %s%n%s%n",
          which,
          String.join(" ", args),
          quiet ? "(" + r.out().length() + " chars)" : r.out().strip());
      return r;
    }

    /**
     * {@code helm install} of the chart into a cluster whose CRDs already exist (the fixture
     * applied the same files): helm 3 skips existing CRDs; helm 4 applies {@code crds/}
     * server-side, which succeeds because the live CRDs equal the chart's (the generated CRDs no
     * longer carry {@code priority: 0}, which the server dropped and helm 4 then conflicted on).
     */
    ChartTools.Run install(Path chart) throws Exception {
      return run("install", RELEASE, chart.toString(), "--create-namespace");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void installUpgradeRollbackUninstall(String which, @TempDir Path home) throws Exception {
    String ns = which + "-lifecycle";
    Helm helm = new Helm(which, ns, home);
    try {
      System.out.println(helm.run("version").ok().out());
      ChartTools.Run install = helm.install(ChartTools.chart()).ok();
      assertThat(install.out()).contains("STATUS: deployed").contains("REVISION: 1");
      assertThat(install.out()).as("NOTES.txt names the CRD upgrade").contains("--server-side");
      notesExampleIsAValidOsVersion(install.out());
      assertThat(install.out())
          .as("NOTES.txt: how to watch, and the opt-ins that are off")
          .contains("kubectl get osversions,nodeconfigs,rubikpolicies -w")
          .contains("Stalled/PullSecretNotAllowed")
          .contains("Stalled/RubikInteropDisabled")
          .doesNotContain("WARNING");
      readBack(helm, ns, 2, "info");
      crdsUnchangedAndEstablished();

      ChartTools.Run upgrade =
          helm.run(
                  "upgrade",
                  RELEASE,
                  ChartTools.chart().toString(),
                  "--set",
                  "operator.replicas=3",
                  "--set",
                  "operator.logLevel=debug")
              .ok();
      assertThat(upgrade.out()).contains("REVISION: 2");
      readBack(helm, ns, 3, "debug");

      helm.run("rollback", RELEASE, "1").ok();
      readBack(helm, ns, 2, "info");
      ChartTools.Run history = helm.run("history", RELEASE, "-o", "json").ok();
      JsonNode revisions = JSON.readTree(history.out());
      assertThat(revisions).hasSize(3);
      assertThat(revisions.get(2).path("status").asText()).isEqualTo("deployed");
      assertThat(revisions.get(2).path("description").asText()).contains("Rollback to 1");
      assertThat(revisions.get(0).path("status").asText()).isEqualTo("superseded");

      List<HasMetadata> manifest = manifest(helm);
      helm.run("uninstall", RELEASE).ok();
      for (HasMetadata o : manifest) {
        assertThat(admin.resource(o).get()).as("%s after uninstall", key(o)).isNull();
      }
      assertThat(helm.run("list", "-q").ok().out()).doesNotContain(RELEASE);
      crdsUnchangedAndEstablished();
    } finally {
      cleanUp(helm);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm3", "helm4"})
  void crdsAreUpgradedByTheDocumentedCommandNotByHelmUpgrade(
      String which, @TempDir Path home, @TempDir Path dir) throws Exception {
    assertThat(Files.readString(ChartTools.root().resolve("docs/install.md")))
        .contains(ChartTools.CRD_UPGRADE_COMMAND);
    assertThat(Files.readString(ChartTools.chart().resolve("README.md")))
        .contains(ChartTools.CRD_UPGRADE_COMMAND);
    String ns = which + "-crds";
    Helm helm = new Helm(which, ns, home);
    Path next = copyChartWithANewCrdField(dir.resolve("nestos-operator"));
    try {
      helm.install(ChartTools.chart()).ok();
      assertThat(probeFieldInSchema()).isFalse();

      ChartTools.Run upgrade = helm.run("upgrade", RELEASE, next.toString()).ok();
      assertThat(upgrade.out()).contains("REVISION: 2");
      assertThat(probeFieldInSchema()).as("helm upgrade never touches crds/").isFalse();
      assertThat(probeFieldKept()).as("the server prunes the unknown field").isFalse();

      ChartTools.Run apply = documentedCrdUpgrade(home, next.resolve("crds")).ok();
      assertThat(apply.out()).contains("nodeconfigs.nestos.openeuler.org serverside-applied");
      assertThat(probeFieldInSchema()).as("the documented command upgrades the CRD").isTrue();
      assertThat(probeFieldKept()).isTrue();
      assertThat(
              nodeConfigCrd()
                  .getSpec()
                  .getVersions()
                  .get(0)
                  .getSchema()
                  .getOpenAPIV3Schema()
                  .getProperties()
                  .get("spec")
                  .getDescription())
          .as("a changed field owned by another manager is taken over (--force-conflicts)")
          .endsWith("(upgraded)");
    } finally {
      // the same command puts the chart's own CRDs back (the shared control plane's other tests)
      documentedCrdUpgrade(home, ChartTools.chart().resolve("crds")).ok();
      assertThat(probeFieldInSchema()).isFalse();
      cleanUp(helm);
    }
  }

  /**
   * NOTES.txt shows an OSVersion to apply next: with its placeholder filled in, the real apiserver
   * accepts it (a dry run through the CRD's validation).
   */
  private static void notesExampleIsAValidOsVersion(String installOutput) {
    int start = installOutput.indexOf("kubectl apply -f - <<EOF");
    assertThat(start).as("NOTES.txt: an OSVersion to apply").isPositive();
    int end = installOutput.indexOf("\n  EOF", start);
    String yaml =
        installOutput
            .substring(installOutput.indexOf('\n', start) + 1, end)
            .replace(
                "<registry>/<repository>@sha256:<digest>",
                "registry.example/nestos@sha256:" + "a".repeat(64))
            .lines()
            .map(l -> l.startsWith("  ") ? l.substring(2) : l)
            .collect(Collectors.joining("\n"));
    GenericKubernetesResource osv = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    assertThat(osv.getKind()).isEqualTo("OSVersion");
    GenericKubernetesResource accepted = admin.resource(osv).dryRun().create();
    assertThat(accepted.getMetadata().getName()).isEqualTo("workers");
  }

  // ---- read back

  private void readBack(Helm helm, String ns, int replicas, String logLevel) throws Exception {
    List<HasMetadata> manifest = manifest(helm);
    assertThat(manifest.stream().map(HelmReleaseKubeIT::key).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(expectedObjects(ns));
    for (HasMetadata rendered : manifest) {
      HasMetadata live = admin.resource(rendered).get();
      assertThat(live).as(key(rendered)).isNotNull();
      Map<String, String> annotations = live.getMetadata().getAnnotations();
      assertThat(annotations)
          .as("%s is owned by the release", key(rendered))
          .containsEntry("meta.helm.sh/release-name", RELEASE)
          .containsEntry("meta.helm.sh/release-namespace", ns);
      assertThat(live.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "Helm");
      JsonNode want = JSON.valueToTree(rendered);
      JsonNode have = JSON.valueToTree(live);
      for (String field : List.of("rules", "roleRef", "subjects")) {
        if (want.has(field)) {
          assertThat(have.get(field)).as("%s %s", key(rendered), field).isEqualTo(want.get(field));
        }
      }
      if (rendered.getKind().startsWith("ValidatingAdmissionPolicy")) {
        for (String field :
            List.of(
                "validations",
                "matchConditions",
                "failurePolicy",
                "policyName",
                "validationActions")) {
          if (want.path("spec").has(field)) {
            assertThat(have.path("spec").get(field))
                .as("%s spec.%s", key(rendered), field)
                .isEqualTo(want.path("spec").get(field));
          }
        }
      }
    }
    Deployment operator =
        admin.apps().deployments().inNamespace(ns).withName("nestos-operator").get();
    assertThat(operator.getSpec().getReplicas()).isEqualTo(replicas);
    assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("nestos-operator");
    assertThat(env(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()))
        .containsEntry("NESTOS_LOG_LEVEL", logLevel);
    var daemon = admin.apps().daemonSets().inNamespace(ns).withName("nestos-node-daemon").get();
    var pod = daemon.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("nestos-node-daemon");
    assertThat(pod.getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
    var policy =
        admin
            .admissionRegistration()
            .v1()
            .validatingAdmissionPolicies()
            .withName("nestos-node-daemon-own-nodestate")
            .get();
    assertThat(policy.getSpec().getMatchConditions().get(0).getExpression())
        .contains("system:serviceaccount:" + ns + ":nestos-node-daemon");
    System.out.printf(
        "read back (%s, %s): %d objects; Deployment replicas=%d NESTOS_LOG_LEVEL=%s%n",
        helm.which(), ns, manifest.size(), replicas, logLevel);
  }

  private static Map<String, String> env(List<EnvVar> env) {
    return env.stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static List<HasMetadata> manifest(Helm helm) throws Exception {
    String yaml = helm.run("get", "manifest", RELEASE).ok().out();
    List<HasMetadata> items =
        admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata o : items) {
      if (o.getMetadata().getNamespace() == null && namespaced(o)) {
        o.getMetadata().setNamespace(helm.ns());
      }
    }
    return items;
  }

  private static boolean namespaced(HasMetadata o) {
    return !Set.of(
            "ClusterRole",
            "ClusterRoleBinding",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding")
        .contains(o.getKind());
  }

  static String key(HasMetadata o) {
    return o.getKind()
        + "/"
        + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace())
        + "/"
        + o.getMetadata().getName();
  }

  private static void crdsUnchangedAndEstablished() {
    for (String name : CRDS) {
      CustomResourceDefinition crd =
          admin.apiextensions().v1().customResourceDefinitions().withName(name).get();
      assertThat(crd).as(name).isNotNull();
      assertThat(crd.getStatus().getConditions())
          .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }
  }

  private void cleanUp(Helm helm) throws Exception {
    ChartTools.run(
        helm.home(),
        List.of(
            ChartTools.helm(helm.which()),
            "--kubeconfig",
            cp.adminKubeconfig().toString(),
            "-n",
            helm.ns(),
            "uninstall",
            RELEASE,
            "--ignore-not-found"));
    admin.namespaces().withName(helm.ns()).delete();
  }

  // ---- the CRD upgrade path

  static final String PROBE = "crdUpgradeProbe";

  /** The chart with one new optional field in NodeConfig's spec and a changed description. */
  private static Path copyChartWithANewCrdField(Path to) throws Exception {
    Path from = ChartTools.chart();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    Path crd = to.resolve("crds/nodeconfigs.nestos.openeuler.org.yaml");
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    JsonNode doc = yaml.readTree(crd.toFile());
    ObjectNode spec =
        (ObjectNode)
            doc.path("spec")
                .path("versions")
                .get(0)
                .path("schema")
                .path("openAPIV3Schema")
                .path("properties")
                .path("spec");
    spec.put("description", spec.path("description").asText() + " (upgraded)");
    ((ObjectNode) spec.path("properties"))
        .putObject(PROBE)
        .put("type", "string")
        .put("description", "A field only the upgraded chart's CRD has.");
    yaml.writeValue(crd.toFile(), doc);
    return to;
  }

  private ChartTools.Run documentedCrdUpgrade(Path home, Path crds) throws Exception {
    // ChartTools.CRD_UPGRADE_COMMAND, with this test's kubeconfig and chart copy
    ChartTools.Run r =
        ChartTools.run(
            home,
            List.of(
                ChartTools.kubectl(),
                "--kubeconfig",
                cp.adminKubeconfig().toString(),
                "apply",
                "--server-side",
                "--force-conflicts",
                "-f",
                crds.toString()));
    System.out.printf("$ kubectl apply --server-side --force-conflicts -f %s%n%s%n", crds, r.out());
    return r;
  }

  private static CustomResourceDefinition nodeConfigCrd() {
    return admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("nodeconfigs.nestos.openeuler.org")
        .get();
  }

  private static boolean probeFieldInSchema() {
    return nodeConfigCrd()
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec")
        .getProperties()
        .containsKey(PROBE);
  }

  /** Whether a dry-run create of a NodeConfig keeps the probe field (an unknown one is pruned). */
  @SuppressWarnings("unchecked")
  private static boolean probeFieldKept() throws Exception {
    GenericKubernetesResource nc =
        Serialization.unmarshal(
            Files.readString(ChartTools.root().resolve("examples/nodeconfig.yaml")),
            GenericKubernetesResource.class);
    nc.getMetadata().setName("crd-upgrade-probe");
    ((Map<String, Object>) nc.getAdditionalProperties().get("spec")).put(PROBE, "x");
    GenericKubernetesResource stored = admin.resource(nc).dryRun().create();
    return ((Map<String, Object>) stored.getAdditionalProperties().get("spec")).containsKey(PROBE);
  }
}
