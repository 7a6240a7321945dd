package org.openeuler.nestos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.openeuler.nestos.api.fixtures.HostileObjects;
import org.openeuler.nestos.api.v1alpha1.OSVersion;

/**
 * An object the Java model cannot read is read as a stand-in (metadata kept, reason annotated)
 * instead of failing the whole list or watch event, for every project kind; readable objects read
 * as before.
 */
class LenientResourcesTest {

  private final KubernetesSerialization lenient = LenientResources.serialization();
  private final KubernetesSerialization plain = new KubernetesSerialization();

  static final List<Map<String, Object>> HOSTILE = HostileObjects.examples();

  @ParameterizedTest
  @FieldSource("HOSTILE")
  void aHostileObjectOfEveryKindIsReadAsAStandIn(Map<String, Object> object) {
    String json = plain.asJson(object);
    Class<? extends HasMetadata> type = HostileObjects.type(object);
    assertThatThrownBy(() -> plain.unmarshal(json, type)).as("the model alone cannot read it");
    HasMetadata read = lenient.unmarshal(json, type);
    assertThat(read).isInstanceOf(type);
    assertThat(read.getMetadata().getName()).isEqualTo(HostileObjects.name(object));
    assertThat(LenientResources.problem(read)).isPresent();
    assertThat(LenientResources.problem(read).orElseThrow()).hasSizeLessThanOrEqualTo(1024);
  }

  @Test
  void theProblemNamesTheField() {
    HasMetadata read = lenient.unmarshal(hugeMaxUnavailable("a"), OSVersion.class);
    assertThat(LenientResources.problem(read).orElseThrow())
        .startsWith("spec.rollout.maxUnavailable: ");
    assertThat(((OSVersion) read).getSpec()).isNull();
    assertThat(((OSVersion) read).getStatus()).isNull();
  }

  @Test
  void aListWithOneUnreadableItemKeepsTheOthers() {
    String list =
        "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\"OSVersionList\","
            + "\"metadata\":{\"resourceVersion\":\"7\"},\"items\":["
            + hugeMaxUnavailable("bad")
            + ","
            + good("good")
            + "]}";
    KubernetesResourceList<OSVersion> read =
        lenient.unmarshal(
            new java.io.ByteArrayInputStream(
                list.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new com.fasterxml.jackson.core.type.TypeReference<
                DefaultKubernetesResourceList<OSVersion>>() {});
    assertThat(read.getItems()).hasSize(2);
    assertThat(LenientResources.problem(read.getItems().get(0))).isPresent();
    assertThat(LenientResources.problem(read.getItems().get(1))).isEmpty();
    assertThat(read.getItems().get(1).getSpec().rollout().maxUnavailable().getIntVal())
        .isEqualTo(3);
  }

  @Test
  void aWatchEventCarryingAnUnreadableObjectIsRead() {
    lenient.registerKubernetesResource(OSVersion.class);
    String event = "{\"type\":\"MODIFIED\",\"object\":" + hugeMaxUnavailable("w") + "}";
    WatchEvent read = lenient.unmarshal(event, WatchEvent.class);
    assertThat(read.getObject()).isInstanceOf(OSVersion.class);
    assertThat(LenientResources.problem((HasMetadata) read.getObject())).isPresent();
  }

  @Test
  void readableObjectsAreReadAsBeforeAndRoundTrip() {
    OSVersion read = lenient.unmarshal(good("g"), OSVersion.class);
    assertThat(LenientResources.problem(read)).isEmpty();
    assertThat(lenient.asJson(read))
        .isEqualTo(plain.asJson(plain.unmarshal(good("g"), OSVersion.class)));
    assertThat(lenient.clone(read)).isEqualTo(read);
  }

  @Test
  void onlyTheLenientSerializationPassesTheProbe() {
    assertThat(LenientResources.isLenient(lenient)).isTrue();
    assertThat(LenientResources.isLenient(plain)).isFalse();
    assertThat(plain.unmarshal(good("x"), GenericKubernetesResource.class)).isNotNull();
  }

  private static String hugeMaxUnavailable(String name) {
    return osv(name, "4294967296");
  }

  private static String good(String name) {
    return osv(name, "3");
  }

  private static String osv(String name, String maxUnavailable) {
    return "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\"OSVersion\","
        + "\"metadata\":{\"name\":\""
        + name
        + "\",\"resourceVersion\":\"5\",\"uid\":\"u-"
        + name
        + "\"},\"spec\":{\"osImage\":\"r.example/os@sha256:"
        + "0".repeat(64)
        + "\",\"nodeSelector\":{},\"rollout\":{\"maxUnavailable\":"
        + maxUnavailable
        + "}}}";
  }
}
