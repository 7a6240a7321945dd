package org.openeuler.nestos.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

class LeanItemStoreTest {

  private static Node node(String uid, String version) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("n1")
        .withUid(uid)
        .withResourceVersion(version)
        .addToLabels("pool", "workers")
        .withManagedFields(
            new ManagedFieldsEntryBuilder().withManager("kubelet").withOperation("Update").build())
        .endMetadata()
        .withNewStatus()
        .withImages(new ContainerImageBuilder().withNames("busybox").build())
        .addNewCondition()
        .withType("MemoryPressure")
        .withStatus("False")
        .endCondition()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress("10.0.0.1")
        .endAddress()
        .withNewNodeInfo()
        .withKernelVersion("6.6.0")
        .endNodeInfo()
        .endStatus()
        .build();
  }

  @Test
  void dropsManagedFieldsAndNodeStatusButReadyAndKeepsTheRest() {
    LeanItemStore<Node> store = new LeanItemStore<>();
    store.put(store.getKey(node("u-strip", "1")), node("u-strip", "1"));

    Node cached = store.get("n1");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getStatus().getImages()).isNullOrEmpty();
    assertThat(cached.getStatus().getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=True");
    assertThat(cached.getStatus().getAddresses()).isNullOrEmpty();
    assertThat(cached.getStatus().getNodeInfo()).isNull();
    assertThat(cached.getMetadata().getLabels()).containsEntry("pool", "workers");
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void storesShareOneInstancePerNodeVersion() {
    LeanItemStore<Node> a = new LeanItemStore<>();
    LeanItemStore<Node> b = new LeanItemStore<>();
    a.put("n1", node("u-share", "5"));
    b.put("n1", node("u-share", "5"));
    assertThat(b.get("n1")).isSameAs(a.get("n1"));

    b.put("n1", node("u-share", "6"));
    assertThat(b.get("n1")).isNotSameAs(a.get("n1"));
    assertThat(b.get("n1").getMetadata().getResourceVersion()).isEqualTo("6");
    a.put("n1", node("u-share", "6"));
    assertThat(a.get("n1")).isSameAs(b.get("n1"));
  }

  @Test
  void aRemovedObjectIsNotHandedToTheNextStore() {
    LeanItemStore<Node> a = new LeanItemStore<>();
    LeanItemStore<Node> b = new LeanItemStore<>();
    a.put("n1", node("u-remove", "7"));
    Node first = a.get("n1");
    a.remove("n1");
    b.put("n1", node("u-remove", "7"));
    assertThat(b.get("n1")).isNotSameAs(first);
    assertThat(a.size()).isZero();
  }

  @Test
  void otherKindsAreStrippedButNotShared() {
    LeanItemStore<ConfigMap> a = new LeanItemStore<>();
    LeanItemStore<ConfigMap> b = new LeanItemStore<>();
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c")
            .withNamespace("ns")
            .withUid("u-cm")
            .withResourceVersion("1")
            .endMetadata()
            .build();
    a.put("ns/c", cm);
    b.put("ns/c", new ConfigMapBuilder(cm).build());
    assertThat(b.get("ns/c")).isNotSameAs(a.get("ns/c"));
  }

  @Test
  void namespacesKeepTheirLabelsLoseTheirAnnotationsAndAreShared() {
    LeanItemStore<Namespace> a = new LeanItemStore<>();
    LeanItemStore<Namespace> b = new LeanItemStore<>();
    a.put("spark", namespace());
    b.put("spark", namespace());
    Namespace cached = a.get("spark");
    assertThat(cached.getMetadata().getLabels()).containsEntry("tier", "batch");
    assertThat(cached.getMetadata().getAnnotations()).isNotNull().isEmpty();
    assertThat(b.get("spark")).isSameAs(cached);
  }

  private static Namespace namespace() {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName("spark")
        .withUid("u-ns")
        .withResourceVersion("3")
        .addToLabels("tier", "batch")
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"big\":true}")
        .endMetadata()
        .build();
  }
}
