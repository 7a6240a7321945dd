package org.openeuler.nestos.operator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** The one-request uncordon's JSON patch (pure). */
class NodeCordonTest {

  static Node node(String annotations, String spec) {
    return Serialization.unmarshal(
        "{\"metadata\":{\"name\":\"n1\",\"annotations\":{"
            + annotations
            + "}},\"spec\":{"
            + spec
            + "}}",
        Node.class);
  }

  @Test
  void testsEachFieldBeforeRemovingItAndRemovesOnlyOurTaint() throws Exception {
    Node n =
        node(
            "\"nestos.openeuler.org/cordoned-for\":\"r1\","
                + "\"cluster-autoscaler.kubernetes.io/scale-down-disabled\":\"true\"",
            "\"unschedulable\":true,\"taints\":[{\"key\":\"a\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"nestos.openeuler.org/updating\",\"effect\":\"PreferNoSchedule\"},"
                + "{\"key\":\"b\",\"effect\":\"NoSchedule\"}]");

    JsonNode ops = Serialization.jsonMapper().readTree(NodeCordon.uncordonPatch(n));

    assertThat(ops.toString())
        .isEqualTo(
            "[{\"op\":\"test\",\"path\":\"/metadata/annotations/nestos.openeuler.org~1cordoned-for\",\"value\":\"r1\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/annotations/nestos.openeuler.org~1cordoned-for\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/annotations/cluster-autoscaler.kubernetes.io~1scale-down-disabled\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/unschedulable\",\"value\":true},"
                + "{\"op\":\"remove\",\"path\":\"/spec/unschedulable\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/taints/1/key\",\"value\":\"nestos.openeuler.org/updating\"},"
                + "{\"op\":\"remove\",\"path\":\"/spec/taints/1\"}]");
  }

  @Test
  void noPatchWithoutOurCordonInTheCache() {
    assertThat(NodeCordon.uncordonPatch(node("", "\"unschedulable\":true"))).isNull();
    assertThat(NodeCordon.uncordonPatch(node("\"nestos.openeuler.org/cordoned-for\":\"r1\"", "")))
        .isNull();
  }

  @Test
  void pointerTokensEscapeTildeAndSlash() {
    assertThat(NodeCordon.pointerToken("a~b/c")).isEqualTo("a~0b~1c");
  }

  @Test
  void theCordonPatchTestsTheVersionReadAndAppendsOurTaint() throws Exception {
    Node n =
        Serialization.unmarshal(
            "{\"metadata\":{\"name\":\"n1\",\"resourceVersion\":\"42\"},"
                + "\"spec\":{\"taints\":[{\"key\":\"a\",\"effect\":\"NoSchedule\"}]}}",
            Node.class);

    JsonNode ops = Serialization.jsonMapper().readTree(NodeCordon.cordonPatch(n, "r1"));

    assertThat(ops.toString())
        .isEqualTo(
            "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"42\"},"
                + "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":"
                + "{\"nestos.openeuler.org/cordoned-for\":\"r1\","
                + "\"cluster-autoscaler.kubernetes.io/scale-down-disabled\":\"true\"}},"
                + "{\"op\":\"add\",\"path\":\"/spec/unschedulable\",\"value\":true},"
                + "{\"op\":\"add\",\"path\":\"/spec/taints/-\",\"value\":"
                + "{\"key\":\"nestos.openeuler.org/updating\",\"effect\":\"PreferNoSchedule\"}}]");
  }

  @Test
  void noCordonPatchWithoutAVersion() {
    assertThat(NodeCordon.cordonPatch(node("", ""), "r1")).isNull();
  }
}
