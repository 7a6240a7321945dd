package org.openeuler.nestos.operator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.Taints;
import org.openeuler.nestos.operator.testing.RequestRecorder;

/**
 * The cordon scenarios run on the test API server ({@code NodeCordonMockTest}) and on the real
 * kube-apiserver ({@code NodeCordonKubeIT}): the one-request uncordon from the cache, and its
 * fall-back when the cache is behind.
 */
final class NodeCordonScenarios implements AutoCloseable {

  /** The requests of {@link #client}, as "METHOD path". */
  final List<String> requests = new CopyOnWriteArrayList<>();

  final KubernetesClient client;
  final NodeCordon cordon;

  NodeCordonScenarios(Config config) {
    this.client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientBuilderConsumer(RequestRecorder.into(requests, java.net.URI::getPath))
            .build();
    this.cordon = new NodeCordon(client);
  }

  Node create(String name, Taint... taints) {
    client.nodes().withName(name).delete();
    Node node =
        Serialization.unmarshal(
            "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\""
                + name
                + "\",\"labels\":{\"pool\":\"cordon-scenarios\"}},\"spec\":{}}",
            Node.class);
    node.getSpec().setTaints(new ArrayList<>(List.of(taints)));
    client.nodes().resource(node).create();
    return settled(name);
  }

  /**
   * The node once nothing else changes it (on the real control plane the node lifecycle controller
   * taints a node without a kubelet {@code not-ready} soon after it is created), at most 10 s.
   */
  Node settled(String name) {
    java.util.concurrent.atomic.AtomicReference<Node> last =
        new java.util.concurrent.atomic.AtomicReference<>(get(name));
    try {
      org.awaitility.Awaitility.await(name + " settled")
          .atMost(java.time.Duration.ofSeconds(10))
          .pollInterval(java.time.Duration.ofMillis(500))
          .until(
              () -> {
                Node now = get(name);
                Node before = last.getAndSet(now);
                return now.getMetadata()
                    .getResourceVersion()
                    .equals(before.getMetadata().getResourceVersion());
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // still changing after 10 s: the latest version
    }
    return last.get();
  }

  Node get(String name) {
    return client.nodes().withName(name).get();
  }

  static Taint taint(String key) {
    return new TaintBuilder().withKey(key).withEffect("NoSchedule").build();
  }

  /** A node as read is cordoned in one PATCH; a taint and annotation of someone else stay. */
  void cordonOfTheNodeAsReadIsOneRequest() {
    Node node = create("cordon-fresh", taint("example.com/other"));
    client
        .nodes()
        .withName("cordon-fresh")
        .edit(
            n -> {
              n.getMetadata().setAnnotations(new java.util.HashMap<>(java.util.Map.of("a", "b")));
              return n;
            });
    node = settled("cordon-fresh");
    requests.clear();

    assertThat(cordon.cordon(node, "rev-1")).isTrue();

    assertThat(requests).containsExactly("PATCH /api/v1/nodes/cordon-fresh");
    assertCordoned(get("cordon-fresh"), "rev-1");
    assertThat(get("cordon-fresh").getSpec().getTaints())
        .extracting(Taint::getKey)
        .contains("example.com/other", Taints.UPDATING);
    assertThat(get("cordon-fresh").getMetadata().getAnnotations()).containsEntry("a", "b");
  }

  /**
   * The node changed since it was read (a taint added): the server refuses the resourceVersion test
   * and the cordon reads the node and edits it; the new taint stays.
   */
  void cordonOfAStaleNodeFallsBackToReadAndEdit() {
    Node read = create("cordon-changed");
    client
        .nodes()
        .withName("cordon-changed")
        .edit(
            n -> {
              n.getSpec().setTaints(new ArrayList<>(List.of(taint("example.com/added"))));
              return n;
            });
    requests.clear();

    assertThat(cordon.cordon(read, "rev-2")).isTrue();

    assertThat(requests).first().isEqualTo("PATCH /api/v1/nodes/cordon-changed");
    assertThat(requests).hasSizeGreaterThan(1);
    assertCordoned(get("cordon-changed"), "rev-2");
    assertThat(get("cordon-changed").getSpec().getTaints())
        .extracting(Taint::getKey)
        .contains("example.com/added", Taints.UPDATING);
  }

  private static void assertCordoned(Node node, String revision) {
    assertThat(node.getSpec().getUnschedulable()).isTrue();
    assertThat(node.getMetadata().getAnnotations())
        .containsEntry(Annotations.CORDONED_FOR, revision)
        .containsEntry(Annotations.AUTOSCALER_SCALE_DOWN_DISABLED, "true");
  }

  /** Our cordon is undone in one PATCH from the cached copy; another taint stays. */
  void uncordonFromTheCacheIsOneRequest() {
    create("cordon-one", taint("example.com/other"));
    assertThat(cordon.cordon(get("cordon-one"), "rev-1")).isTrue();
    Node cached = settled("cordon-one");
    assertThat(cached.getSpec().getTaints()).extracting(Taint::getKey).contains(Taints.UPDATING);
    requests.clear();

    assertThat(cordon.uncordon("cordon-one", cached)).isTrue();

    assertThat(requests).containsExactly("PATCH /api/v1/nodes/cordon-one");
    assertUncordoned(get("cordon-one"));
    assertThat(get("cordon-one").getSpec().getTaints())
        .extracting(Taint::getKey)
        .contains("example.com/other")
        .doesNotContain(Taints.UPDATING);
  }

  /**
   * The cache is behind (a taint was inserted before ours since): the server refuses the patch's
   * test and the uncordon reads the node and edits it; the new taint stays.
   */
  void aCacheBehindFallsBackToReadAndEdit() {
    create("cordon-stale");
    cordon.cordon(get("cordon-stale"), "rev-1");
    Node cached = settled("cordon-stale");
    client
        .nodes()
        .withName("cordon-stale")
        .edit(
            n -> {
              List<Taint> taints = new ArrayList<>(n.getSpec().getTaints());
              taints.add(0, taint("example.com/inserted"));
              n.getSpec().setTaints(taints);
              return n;
            });
    requests.clear();

    assertThat(cordon.uncordon("cordon-stale", cached)).isTrue();

    assertThat(requests).first().isEqualTo("PATCH /api/v1/nodes/cordon-stale");
    assertThat(requests).hasSizeGreaterThan(1);
    assertUncordoned(get("cordon-stale"));
    assertThat(get("cordon-stale").getSpec().getTaints())
        .extracting(Taint::getKey)
        .contains("example.com/inserted")
        .doesNotContain(Taints.UPDATING);
  }

  /**
   * Someone uncordoned our node and cordoned it themselves since the cache saw it: their cordon is
   * left alone.
   */
  void someoneElsesCordonIsLeftAlone() {
    create("cordon-theirs");
    cordon.cordon(get("cordon-theirs"), "rev-1");
    Node cached = settled("cordon-theirs");
    client
        .nodes()
        .withName("cordon-theirs")
        .edit(
            n -> {
              n.getMetadata().getAnnotations().remove(Annotations.CORDONED_FOR);
              return n;
            });

    assertThat(cordon.uncordon("cordon-theirs", cached)).isFalse();

    Node now = get("cordon-theirs");
    assertThat(now.getSpec().getUnschedulable()).isTrue();
    assertThat(now.getSpec().getTaints()).extracting(Taint::getKey).contains(Taints.UPDATING);
  }

  /**
   * The cordon of a cached copy that is behind: someone else cordoned the node since. The server
   * refuses the tested patch; the node, read again, is left alone.
   */
  void aStaleCopyNeverOverridesSomeoneElsesCordon() {
    Node stale = create("cordon-stale-theirs");
    client
        .nodes()
        .withName("cordon-stale-theirs")
        .edit(
            n -> {
              n.getSpec().setUnschedulable(true);
              return n;
            });
    settled("cordon-stale-theirs");

    assertThat(cordon.cordon(stale, "rev-1")).isFalse();

    Node now = get("cordon-stale-theirs");
    assertThat(now.getSpec().getUnschedulable()).isTrue();
    assertThat(
            now.getMetadata().getAnnotations() == null
                ? Map.of()
                : now.getMetadata().getAnnotations())
        .doesNotContainKey(Annotations.CORDONED_FOR);
    assertThat(now.getSpec().getTaints() == null ? List.<Taint>of() : now.getSpec().getTaints())
        .extracting(Taint::getKey)
        .doesNotContain(Taints.UPDATING);
  }

  /** A node deleted since the cache saw it: nothing to uncordon. */
  void aDeletedNodeIsNotUncordoned() {
    create("cordon-gone");
    cordon.cordon(get("cordon-gone"), "rev-1");
    Node cached = settled("cordon-gone");
    client.nodes().withName("cordon-gone").delete();

    assertThat(cordon.uncordon("cordon-gone", cached)).isFalse();
  }

  private static void assertUncordoned(Node node) {
    assertThat(node.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(node.getMetadata().getAnnotations())
        .doesNotContainKeys(Annotations.CORDONED_FOR, Annotations.AUTOSCALER_SCALE_DOWN_DISABLED);
  }

  @Override
  public void close() {
    client.nodes().withLabel("pool", "cordon-scenarios").delete();
    client.close();
  }
}
