package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * The upgrade of docs/upgrading.md on the real kube-apiserver: a cluster runs the previous
 * release's CRDs (crds/src/test/resources/compat-baseline, the API compatibility baseline) with a
 * release of the chart and custom resources of every kind; the new CRDs are applied with the
 * documented {@code kubectl apply --server-side --force-conflicts}; every resource still reads back
 * unchanged and passes the new schema's validation (a dry-run update re-validates the whole
 * object); then {@code helm upgrade} of the release succeeds.
 */
class CrdUpgradeKubeIT {

  static final String NS = "nestos-crd-upgrade";
  static final String RELEASE = "nestos-crd-upgrade";
  static final String NAME = "crd-upgrade";

  @Test
  void theDocumentedUpgradeKeepsEveryResourceReadableAndValid(@TempDir Path home) throws Exception {
    String upgrading = Files.readString(ChartTools.root().resolve("docs/upgrading.md"));
    assertThat(upgrading).contains(ChartTools.CRD_UPGRADE_COMMAND).contains("helm upgrade");
    RealControlPlane cp = RealControlPlane.shared();
    KubernetesClient admin = cp.admin();
    Path baseline = ChartTools.root().resolve("crds/src/test/resources/compat-baseline");
    List<GenericKubernetesResource> created = new ArrayList<>();
    try {
      // the previous release: its CRDs, its chart release, resources of every kind
      kubectl(cp, home, "apply", "--server-side", "--force-conflicts", "-f", baseline.toString())
          .ok();
      for (String plural : List.of("osversions", "nodeconfigs", "rubikpolicies", "nodestates")) {
        assertThat(crd(admin, plural).getStatus().getConditions())
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
      }
      helm(cp, home, "install", RELEASE, ChartTools.chart().toString(), "--create-namespace").ok();
      for (String file :
          List.of("osversion.yaml", "nodeconfig.yaml", "rubikpolicy.yaml", "nodestate.yaml")) {
        GenericKubernetesResource r =
            Serialization.unmarshal(
                Files.readString(ChartTools.root().resolve("examples").resolve(file)),
                GenericKubernetesResource.class);
        r.getMetadata().setName(NAME);
        if (file.equals("nodestate.yaml")) {
          @SuppressWarnings("unchecked")
          Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
          spec.put("nodeName", NAME);
          // only the operator writes grants (the chart's policy)
          spec.remove("disruption");
        }
        created.add(admin.resource(r).create());
      }

      // the documented upgrade: CRDs first, server-side, then helm upgrade
      ChartTools.Run apply =
          kubectl(
              cp,
              home,
              "apply",
              "--server-side",
              "--force-conflicts",
              "-f",
              ChartTools.chart().resolve("crds").toString());
      apply.ok();
      assertThat(apply.out()).contains("serverside-applied");
      for (GenericKubernetesResource before : created) {
        GenericKubernetesResource after = admin.resource(before).get();
        assertThat(after).as(before.getKind()).isNotNull();
        JsonNode was = Serialization.jsonMapper().valueToTree(before.get("spec"));
        JsonNode is = Serialization.jsonMapper().valueToTree(after.get("spec"));
        assertThat(is).as("%s spec after the CRD upgrade", before.getKind()).isEqualTo(was);
        // an update re-validates the whole stored object against the new schema (CEL included)
        admin.resource(after).dryRun().update();
      }
      ChartTools.Run upgrade =
          helm(
              cp,
              home,
              "upgrade",
              RELEASE,
              ChartTools.chart().toString(),
              "--set",
              "operator.replicas=1");
      upgrade.ok();
      assertThat(upgrade.out()).contains("REVISION: 2").contains("STATUS: deployed");
      for (String plural : List.of("osversions", "nodeconfigs", "rubikpolicies", "nodestates")) {
        assertThat(crd(admin, plural).getStatus().getConditions())
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
      }
    } finally {
      for (GenericKubernetesResource r : created) {
        admin.resource(r).withGracePeriod(0).delete();
      }
      helm(cp, home, "uninstall", RELEASE, "--ignore-not-found");
      admin.namespaces().withName(NS).delete();
      // the chart's own CRDs stay for the other tests of this control plane
      kubectl(
              cp,
              home,
              "apply",
              "--server-side",
              "--force-conflicts",
              "-f",
              ChartTools.chart().resolve("crds").toString())
          .ok();
    }
  }

  private static CustomResourceDefinition crd(KubernetesClient admin, String plural) {
    return admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(plural + ".nestos.openeuler.org")
        .get();
  }

  private static ChartTools.Run kubectl(RealControlPlane cp, Path home, String... args)
      throws Exception {
    ChartTools.Run r =
        ChartTools.run(
            home,
            ChartTools.argv(
                List.of(ChartTools.kubectl(), "--kubeconfig", cp.adminKubeconfig().toString()),
                args));
    System.out.printf("$ kubectl %s%n%s%n", String.join(" ", args), r.out().strip());
    return r;
  }

  private static ChartTools.Run helm(RealControlPlane cp, Path home, String... args)
      throws Exception {
    return ChartTools.helm3(home, cp.adminKubeconfig(), NS, args);
  }
}
