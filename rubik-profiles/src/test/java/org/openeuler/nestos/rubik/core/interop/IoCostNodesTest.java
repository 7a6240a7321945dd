package org.openeuler.nestos.rubik.core.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.IoCostDevice;
import org.openeuler.nestos.api.v1alpha1.IoCostLinearModel;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.Agent;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.IoCostNode;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.LinearParam;
import org.openeuler.nestos.rubik.core.plan.FieldError;

/**
 * Issue 15 item 4: a RubikPolicy's iocost devices become rubik's {@code ioCost} list; without them
 * rubik's iocost weighed nothing (mode Rubik rendered {@code "ioCost": []}).
 */
class IoCostNodesTest {

  static final IoCostLinearModel SSD = new IoCostLinearModel(400, 40, 20, 300, 30, 10);

  static final RubikFeatures IO_WEIGHT = new RubikFeatures(true, false, false, true, false, false);

  @Test
  void devicesAreGroupedPerNodeWithGlobalForTheRest() {
    List<IoCostNode> nodes =
        RubikConfig.ioCostNodes(
            List.of(
                new IoCostDevice("sda", null, SSD),
                new IoCostDevice("nvme0n1", "n1", SSD),
                new IoCostDevice("vdb", null, SSD)));
    assertThat(nodes).extracting(IoCostNode::nodeName).containsExactly("global", "n1");
    assertThat(nodes.get(0).config())
        .extracting(RubikConfig.IoCostDevice::dev)
        .containsExactly("sda", "vdb");
    assertThat(nodes.get(1).config().get(0).model()).isEqualTo("linear");
    assertThat(nodes.get(1).config().get(0).param())
        .isEqualTo(new LinearParam(400L << 20, 40L, 20L, 300L << 20, 30L, 10L));
    assertThat(RubikConfig.ioCostNodes(null)).isEmpty();
  }

  @Test
  void theRenderedConfigCarriesTheDevices() throws Exception {
    var r =
        RubikConfigRenderer.render(
            RubikConfig.fromFeatures(
                IO_WEIGHT,
                Agent.defaults(),
                RubikConfig.ioCostNodes(List.of(new IoCostDevice("sda", null, SSD)))));
    assertThat(r.errors()).isEmpty();
    JsonNode json = new ObjectMapper().readTree(r.json());
    assertThat(json.at("/agent/enabledFeatures").toString()).contains("ioCost");
    JsonNode node = json.at("/ioCost/0");
    assertThat(node.at("/nodeName").asText()).isEqualTo("global");
    assertThat(node.at("/config/0/dev").asText()).isEqualTo("sda");
    assertThat(node.at("/config/0/model").asText()).isEqualTo("linear");
    assertThat(node.at("/config/0/param/rbps").asLong())
        .as("MiB/s in bytes/s")
        .isEqualTo(400L << 20);
    assertThat(node.at("/config/0/param/wrandiops").asLong()).isEqualTo(10L);
  }

  @Test
  void aDeviceGivenTwiceForANodeIsAFieldError() {
    var r =
        RubikConfigRenderer.render(
            RubikConfig.fromFeatures(
                IO_WEIGHT,
                Agent.defaults(),
                RubikConfig.ioCostNodes(
                    List.of(
                        new IoCostDevice("sda", "n1", SSD), new IoCostDevice("sda", "n1", SSD)))));
    assertThat(r.json()).isNull();
    assertThat(r.errors())
        .extracting(FieldError::toString)
        .anyMatch(e -> e.contains("ioCost[0].config[1].dev") && e.contains("given twice"));
  }
}
