package org.openeuler.nestos.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.controlplane.TcpRelay;

/**
 * The daemon's lean client on the real kube-apiserver with a pod's credentials: a service-account
 * token bound to a pod, read from a file the kubelet rotates, trusted through the cluster CA only
 * (no client certificate). When the token the client holds stops being valid (its pod is gone, as
 * an expired token is refused), the 401 makes it read the file again and carry on, for requests and
 * for a watch that reconnects after a network cut. Reconnects with backoff, bookmarks and the 410
 * relist are proven with the whole daemon in {@code NodeAgentWatchKubeIT}.
 */
class LeanClientKubeIT {

  static final RealControlPlane CP = RealControlPlane.shared();
  static final String SA = "lean-client-test";

  @TempDir Path tmp;

  private static Pod tokenPod(String name) {
    return CP.admin()
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(SA)
                .addNewContainer()
                .withName("c")
                .withImage("registry.example.com/app:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private static Path caFile(Path dir) throws Exception {
    Config admin = CP.adminConfig();
    Path ca = dir.resolve("ca.crt");
    if (admin.getCaCertData() != null) {
      Files.write(ca, Base64.getDecoder().decode(admin.getCaCertData()));
    } else {
      Files.copy(Path.of(admin.getCaCertFile()), ca);
    }
    return ca;
  }

  @Test
  void aRotatedTokenIsReadAgainAfterA401ForRequestsAndForAReconnectingWatch() throws Exception {
    CP.admin()
        .serviceAccounts()
        .inNamespace("default")
        .resource(new ServiceAccountBuilder().withNewMetadata().withName(SA).endMetadata().build())
        .createOr(r -> r.update());
    CP.admin()
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(SA)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(SA)
                .withNamespace("default")
                .endSubject()
                .build())
        .createOr(r -> r.update());
    String node = "lean-client-node";
    CP.admin()
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build())
        .createOr(r -> r.update());
    Pod first = tokenPod("lean-token-1");
    Pod second = tokenPod("lean-token-2");
    Path token = tmp.resolve("token");
    Files.writeString(token, CP.podBoundToken(first));
    List<String> requests = new CopyOnWriteArrayList<>();
    int port = URI.create(CP.url()).getPort();
    try (TcpRelay relay = new TcpRelay(port);
        NodeApi api =
            new NodeApi(
                new KubeEndpoint(
                    URI.create(relay.url()),
                    KubeEndpoint.trusting(caFile(tmp)),
                    new BearerToken(token, Clock.systemUTC()),
                    "nestos-node-daemon/test",
                    requests::add),
                new WatchBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), () -> 1.0))) {
      assertThat(api.node(node)).isNotNull();
      List<String> seen = new CopyOnWriteArrayList<>();
      Informer<PodView> pods =
          api.podInformer(
              node,
              new Informer.Handler<>() {
                @Override
                public void onAdd(PodView p) {
                  seen.add(p.name());
                }

                @Override
                public void onUpdate(PodView old, PodView p) {}

                @Override
                public void onDelete(PodView p) {}
              });
      pods.start();

      // the kubelet rotates the file; the old token stops being valid (its pod is deleted here)
      Files.writeString(token, CP.podBoundToken(second));
      CP.admin().pods().inNamespace("default").withName("lean-token-1").withGracePeriod(0).delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  CP.admin().pods().inNamespace("default").withName("lean-token-1").get() == null);

      // (the apiserver may take a moment to see the pod gone: until then the old token passes)
      await()
          .atMost(Duration.ofSeconds(30))
          .alias("a read refused once (401), then sent again with the file's new token")
          .until(
              () -> {
                int before = requests.size();
                boolean read = api.node(node) != null;
                return read && requests.size() - before == 2;
              });
      assertThat(requests.get(requests.size() - 1)).isEqualTo("GET /api/v1/nodes/" + node);

      // the watch outlives the token it was opened with; cut, it reconnects with the new one
      long watches = requests.stream().filter(r -> r.contains("watch=true")).count();
      relay.cut();
      CP.admin()
          .pods()
          .inNamespace("default")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("lean-bound")
                  .endMetadata()
                  .withNewSpec()
                  .withNodeName(node)
                  .addNewContainer()
                  .withName("c")
                  .withImage("registry.example.com/app:1")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      // the informer tried to reconnect while cut (and was refused by the relay)
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> requests.stream().filter(r -> r.contains("watch=true")).count() > watches);
      relay.restore();
      await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("lean-bound"));
      assertThat(pods.list()).extracting(PodView::name).contains("lean-bound");
    } finally {
      for (String p : List.of("lean-token-1", "lean-token-2", "lean-bound")) {
        CP.admin().pods().inNamespace("default").withName(p).withGracePeriod(0).delete();
      }
      CP.admin().nodes().withName(node).delete();
    }
  }
}
