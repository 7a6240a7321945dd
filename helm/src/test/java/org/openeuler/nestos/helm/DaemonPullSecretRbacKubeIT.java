package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * The daemon's pull-Secret Role on the real kube-apiserver (docs/decisions.md §15): installed by
 * helm with {@code registry.pullSecrets=[allowed-pull]}, a daemon Pod's node-bound token may {@code
 * get} exactly that Secret in the release namespace (as {@code PullSecrets} does), not another
 * Secret there, not a Secret of that name elsewhere, and may not list or watch Secrets; with the
 * default empty list there is no Role and even the allowed name is refused.
 */
class DaemonPullSecretRbacKubeIT {

  static final String NS = "nestos-pullrbac";
  static final String RELEASE = "nestos-pullrbac";
  static final String NODE = "pullrbac-node";

  static RealControlPlane cp;
  static KubernetesClient admin;
  static Path helmHome;
  static Pod daemonPod;

  @BeforeAll
  static void install() throws Exception {
    cp = RealControlPlane.shared();
    admin = cp.admin();
    helmHome = Files.createTempDirectory("pullrbac-helm");
    helm(
            "install",
            RELEASE,
            ChartTools.chart().toString(),
            "--create-namespace",
            "--set",
            "registry.pullSecrets={allowed-pull}")
        .ok();
    admin
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build())
        .create();
    for (String ns : List.of(NS, "default")) {
      for (String name : List.of("allowed-pull", "other-pull")) {
        admin
            .secrets()
            .inNamespace(ns)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(ns)
                    .endMetadata()
                    .withType("kubernetes.io/dockerconfigjson")
                    .addToStringData(".dockerconfigjson", "{\"auths\":{}}")
                    .build())
            .create();
      }
    }
    daemonPod =
        admin
            .pods()
            .inNamespace(NS)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("pullrbac-daemon")
                    .withNamespace(NS)
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName(NODE)
                    .withServiceAccountName("nestos-node-daemon")
                    .withAutomountServiceAccountToken(false)
                    .addNewContainer()
                    .withName("main")
                    .withImage("registry.invalid/pause:1")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (admin != null) {
      for (String name : List.of("allowed-pull", "other-pull")) {
        admin.secrets().inNamespace("default").withName(name).delete();
      }
      admin.pods().inNamespace(NS).withName("pullrbac-daemon").withGracePeriod(0).delete();
      admin.nodes().withName(NODE).delete();
    }
    if (helmHome != null) {
      helm("uninstall", RELEASE, "--ignore-not-found");
      admin.namespaces().withName(NS).delete();
    }
  }

  static int get(KubernetesClient daemon, String ns, String name) {
    try {
      return daemon.secrets().inNamespace(ns).withName(name).get() == null ? 404 : 200;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }

  @Test
  void aNodeBoundDaemonTokenGetsTheListedPullSecretOnly() throws Exception {
    try (KubernetesClient daemon =
        cp.clientWithToken(cp.podBoundToken(daemonPod), "nestos-node-daemon/pullrbac")) {
      assertThat(get(daemon, NS, "allowed-pull")).as("the listed Secret").isEqualTo(200);
      assertThat(daemon.secrets().inNamespace(NS).withName("allowed-pull").get().getData())
          .containsKey(".dockerconfigjson");
      assertThat(get(daemon, NS, "other-pull")).as("another Secret").isEqualTo(403);
      assertThat(get(daemon, "default", "allowed-pull")).as("another namespace").isEqualTo(403);
      int list;
      try {
        daemon.secrets().inNamespace(NS).list();
        list = 200;
      } catch (KubernetesClientException e) {
        list = e.getCode();
      }
      assertThat(list).as("list").isEqualTo(403);
    }

    // the default (no pull Secrets): no Role, the same token is refused the same Secret
    Path none =
        Files.writeString(
            helmHome.resolve("no-pull-secrets.yaml"), "registry:\n  pullSecrets: []\n");
    helm("upgrade", RELEASE, ChartTools.chart().toString(), "-f", none.toString()).ok();
    assertThat(
            admin.rbac().roles().inNamespace(NS).withName("nestos-node-daemon-pull-secrets").get())
        .isNull();
    try (KubernetesClient daemon =
        cp.clientWithToken(cp.podBoundToken(daemonPod), "nestos-node-daemon/pullrbac")) {
      assertThat(get(daemon, NS, "allowed-pull")).isEqualTo(403);
    }
  }

  private static ChartTools.Run helm(String... args) throws Exception {
    return ChartTools.helm3(helmHome, cp.adminKubeconfig(), NS, args);
  }
}
