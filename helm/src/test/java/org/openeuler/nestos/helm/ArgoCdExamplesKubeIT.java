package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.Finalizers;
import org.openeuler.nestos.api.LenientResources;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.operator.OperatorConfig;
import org.openeuler.nestos.operator.OperatorRuntime;

/**
 * No perpetual diff for Argo CD: the objects {@code examples/argocd/nestos-fleet.yaml} syncs are
 * applied by server-side apply (Argo CD's {@code ServerSideApply=true}, its field manager) to the
 * real kube-apiserver, the real operator reconciles them (status, observedGeneration, the OSVersion
 * finalizer), and then {@code kubectl diff --server-side} of the same files is empty: neither the
 * API server's defaults nor the operator's writes show as drift.
 */
class ArgoCdExamplesKubeIT {

  static final String NS = "argocd-examples-it";

  /** Argo CD's field manager; its server-side apply forces conflicts, as here. */
  static final String FIELD_MANAGER = "argocd-controller";

  static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void theFleetApplicationsObjectsShowNoDiffOnceTheOperatorReconciledThem() throws Exception {
    RealControlPlane cp = RealControlPlane.shared();
    KubernetesClient admin = cp.admin();
    Path examples = ChartTools.root().resolve("examples");
    List<Path> files = fleetFiles(examples);
    assertThat(files).extracting(p -> p.getFileName().toString()).hasSize(3);
    admin
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    List<String> base =
        List.of(ChartTools.kubectl(), "--kubeconfig", cp.adminKubeconfig().toString());
    List<String> fileArgs = new ArrayList<>();
    files.forEach(f -> fileArgs.addAll(List.of("-f", f.toString())));

    KubernetesClient operatorClient =
        new KubernetesClientBuilder()
            .withConfig(cp.adminConfig())
            .withKubernetesSerialization(LenientResources.serialization())
            .build();
    List<io.fabric8.kubernetes.api.model.Node> nodes =
        List.of(
            node("argocd-it-worker", Map.of("node-role.kubernetes.io/worker", "")),
            node("argocd-it-batch", Map.of("nestos.openeuler.org/pool", "batch")));
    nodes.forEach(n -> admin.resource(n).create());
    try (OperatorRuntime operator =
        OperatorRuntime.start(
            operatorClient,
            OperatorConfig.from(
                Map.of("POD_NAMESPACE", NS, "POD_NAME", "argocd-examples-0"), "--metrics-port=0"),
            Clock.systemUTC())) {
      kubectl(
              base,
              fileArgs,
              "apply",
              "--server-side",
              "--field-manager=" + FIELD_MANAGER,
              "--force-conflicts")
          .ok();

      List<GenericKubernetesResource> applied = new ArrayList<>();
      for (Path f : files) {
        applied.add(Serialization.unmarshal(Files.readString(f), GenericKubernetesResource.class));
      }
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                for (GenericKubernetesResource a : applied) {
                  GenericKubernetesResource live = admin.resource(a).get();
                  Map<String, Object> status = live.get("status");
                  assertThat(status).as("%s status", a.getKind()).isNotNull();
                  assertThat(((Number) status.get("observedGeneration")).longValue())
                      .as("%s status.observedGeneration", a.getKind())
                      .isEqualTo(live.getMetadata().getGeneration());
                  if ("OSVersion".equals(a.getKind())) {
                    assertThat(live.getMetadata().getFinalizers()).contains(Finalizers.ROLLOUT);
                  }
                }
              });
      for (GenericKubernetesResource a : applied) {
        GenericKubernetesResource live = admin.resource(a).get();
        System.out.printf(
            "%s/%s reconciled: generation %d, conditions %s%n",
            a.getKind(),
            a.getMetadata().getName(),
            live.getMetadata().getGeneration(),
            Serialization.asJson(((Map<?, ?>) live.get("status")).get("conditions")));
      }

      ChartTools.Run diff =
          kubectl(
              base,
              fileArgs,
              "diff",
              "--server-side",
              "--field-manager=" + FIELD_MANAGER,
              "--force-conflicts");
      System.out.println("$ kubectl diff --server-side -f <fleet files>: exit " + diff.exit());
      System.out.println(diff.out());
      assertThat(diff.exit()).as("kubectl diff exit code (0: no drift)\n%s", diff.out()).isZero();
      assertThat(diff.out()).isBlank();

      // the diff is not empty by construction: drift in Git's fields shows
      kubectl(
              base,
              List.of(),
              "patch",
              "nodeconfig",
              "workers-tuning",
              "--type=merge",
              "-p",
              "{\"spec\":{\"priority\":11}}")
          .ok();
      ChartTools.Run drift =
          kubectl(
              base,
              fileArgs,
              "diff",
              "--server-side",
              "--field-manager=" + FIELD_MANAGER,
              "--force-conflicts");
      assertThat(drift.exit()).as("kubectl diff after a drift\n%s", drift.out()).isEqualTo(1);
      assertThat(drift.out()).contains("-  priority: 11").contains("+  priority: 10");

      // the objects go while the operator runs (its finalizer on the OSVersion)
      kubectl(base, fileArgs, "delete", "--wait=true", "--timeout=60s").ok();
    } finally {
      operatorClient.close();
      nodes.forEach(n -> admin.resource(n).withGracePeriod(0).delete());
      admin.namespaces().withName(NS).delete();
    }
  }

  /**
   * The chart Application's side: the chart rendered as Argo CD renders it ({@code helm template
   * --include-crds}), applied by server-side apply, shows no diff either (the CRDs are the ones the
   * control plane installed; the rest is deleted again, the CRDs stay for the other tests).
   */
  @Test
  void theChartApplicationsObjectsShowNoDiff() throws Exception {
    RealControlPlane cp = RealControlPlane.shared();
    KubernetesClient admin = cp.admin();
    String ns = "argocd-chart-it";
    admin
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    Path home = Files.createTempDirectory("argocd-helm");
    List<String> base =
        List.of(ChartTools.kubectl(), "--kubeconfig", cp.adminKubeconfig().toString());
    Path rendered = home.resolve("chart.yaml");
    Files.writeString(
        rendered,
        ChartTools.run(
                home,
                List.of(
                    ChartTools.helm("helm3"),
                    "template",
                    "nestos-operator",
                    ChartTools.chart().toString(),
                    "-n",
                    ns))
            .ok()
            .out());
    List<String> crds = List.of("-f", ChartTools.chart().resolve("crds").toString());
    List<String> chart = List.of("-f", rendered.toString());
    try {
      kubectl(
              base,
              crds,
              "apply",
              "--server-side",
              "--field-manager=" + FIELD_MANAGER,
              "--force-conflicts")
          .ok();
      kubectl(
              base,
              chart,
              "apply",
              "--server-side",
              "--field-manager=" + FIELD_MANAGER,
              "--force-conflicts")
          .ok();
      for (List<String> files : List.of(crds, chart)) {
        ChartTools.Run diff =
            kubectl(
                base,
                files,
                "diff",
                "--server-side",
                "--field-manager=" + FIELD_MANAGER,
                "--force-conflicts");
        System.out.printf(
            "$ kubectl diff --server-side %s: exit %d%n%s%n", files, diff.exit(), diff.out());
        assertThat(diff.exit()).as("kubectl diff of %s\n%s", files, diff.out()).isZero();
      }
    } finally {
      kubectl(base, chart, "delete", "--ignore-not-found", "--wait=true", "--timeout=60s");
      admin.namespaces().withName(ns).delete();
    }
  }

  /**
   * The Applications and the argocd-cm snippet of {@code examples/argocd} are valid for Argo CD: a
   * server-side dry run with strict field validation against Argo CD's own Application CRD (a
   * misspelt field is refused, as the second half shows).
   */
  @Test
  void theArgoCdManifestsPassArgoCdsApplicationSchema() throws Exception {
    RealControlPlane cp = RealControlPlane.shared();
    KubernetesClient admin = cp.admin();
    Path home = Files.createTempDirectory("argocd-schema");
    Path crd = home.resolve("application-crd.yaml");
    try (var in = getClass().getResourceAsStream("/argocd/application-crd.yaml")) {
      Files.copy(in, crd);
    }
    List<String> base =
        List.of(ChartTools.kubectl(), "--kubeconfig", cp.adminKubeconfig().toString());
    Path manifests = ChartTools.root().resolve("examples/argocd");
    try {
      kubectl(base, List.of("-f", crd.toString()), "apply", "--server-side").ok();
      kubectl(
              base,
              List.of(),
              "wait",
              "--for=condition=Established",
              "--timeout=60s",
              "crd/applications.argoproj.io")
          .ok();
      admin
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("argocd").endMetadata().build())
          .create();
      ChartTools.Run dryRun =
          kubectl(
                  base,
                  List.of("-f", manifests.toString()),
                  "apply",
                  "--server-side",
                  "--dry-run=server",
                  "--validate=strict")
              .ok();
      System.out.println(dryRun.out());
      assertThat(dryRun.out())
          .contains("application.argoproj.io/nestos-operator serverside-applied (server dry run)")
          .contains("application.argoproj.io/nestos-fleet serverside-applied (server dry run)")
          .contains("application.argoproj.io/nestos serverside-applied (server dry run)")
          .contains("configmap/argocd-cm serverside-applied (server dry run)");

      Path typo = home.resolve("typo.yaml");
      Files.writeString(
          typo,
          Files.readString(manifests.resolve("nestos-fleet.yaml"))
              .replace("recurse: false", "recursive: false"));
      ChartTools.Run refused =
          kubectl(
              base,
              List.of("-f", typo.toString()),
              "apply",
              "--server-side",
              "--dry-run=server",
              "--validate=strict");
      assertThat(refused.exit()).isNotZero();
      assertThat(refused.out())
          .contains(".spec.source.directory.recursive: field not declared in schema");
    } finally {
      admin.namespaces().withName("argocd").delete();
      kubectl(base, List.of("-f", crd.toString()), "delete", "--ignore-not-found");
    }
  }

  private static io.fabric8.kubernetes.api.model.Node node(
      String name, Map<String, String> labels) {
    return new io.fabric8.kubernetes.api.model.NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /** The files the fleet Application's {@code directory.include} selects in {@code examples/}. */
  static List<Path> fleetFiles(Path examples) throws Exception {
    String app = Files.readString(examples.resolve("argocd/nestos-fleet.yaml"));
    Matcher include = Pattern.compile("include: \"\\{([^}]*)\\}\"").matcher(app);
    assertThat(include.find()).as("directory.include in nestos-fleet.yaml").isTrue();
    assertThat(app).contains("path: examples\n");
    List<Path> out = new ArrayList<>();
    for (String name : include.group(1).split(",")) {
      Path file = examples.resolve(name.strip());
      assertThat(file).exists();
      out.add(file);
    }
    return out;
  }

  private static ChartTools.Run kubectl(List<String> base, List<String> files, String... args)
      throws Exception {
    List<String> argv = new ArrayList<>(base);
    argv.addAll(List.of(args));
    argv.addAll(files);
    return ChartTools.run(Files.createTempDirectory("argocd-kubectl"), argv);
  }
}
