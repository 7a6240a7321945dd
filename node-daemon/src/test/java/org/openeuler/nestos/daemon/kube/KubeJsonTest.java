package org.openeuler.nestos.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeKernel;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;

/**
 * The lean client's JSON is fabric8's: the daemon's objects read and written with {@link KubeApi}'s
 * mapper give the same JSON as the fabric8 client sent before (a field lost or renamed here would
 * be a status the operator no longer reads).
 */
class KubeJsonTest {

  private final KubeApi api =
      new KubeApi(new KubeEndpoint(URI.create("http://127.0.0.1:1"), null, null, "test", null));

  private static NodeState nodeState() throws Exception {
    NodeState ns =
        Serialization.unmarshal(
            Files.readString(Path.of("../examples/nodestate.yaml")), NodeState.class);
    ns.getMetadata().setResourceVersion("42");
    ns.setStatus(
        new NodeStateStatus(
            "0.1.0",
            "boot-1",
            "rev-1",
            "rev-2",
            null,
            "ticket-7",
            null,
            List.of("cgroup_no_v1=all"),
            null,
            null,
            List.of(),
            List.of(
                new ConditionBuilder()
                    .withType("Staged")
                    .withStatus("True")
                    .withReason("Staged")
                    .withMessage("image staged")
                    .withLastTransitionTime("2026-12-07T10:00:00Z")
                    .withObservedGeneration(3L)
                    .build()),
            new NodeKernel(NodeKernel.CgroupVersion.V2, List.of("cpu.idle"))));
    return ns;
  }

  @Test
  void aNodeStateIsWrittenAsFabric8WroteIt() throws Exception {
    NodeState ns = nodeState();
    JsonNode ours = api.json().readTree(api.json().writeValueAsBytes(ns));
    JsonNode theirs = api.json().readTree(Serialization.asJson(ns));
    assertThat(ours).isEqualTo(theirs);
    assertThat(ours.path("status").path("conditions").get(0).path("reason").asText())
        .isEqualTo("Staged");
    assertThat(ours.path("apiVersion").asText()).isEqualTo("nestos.openeuler.org/v1alpha1");
  }

  @Test
  void objectsReadBackEqualWhatFabric8ReadsAndPodsReadTheirFields() throws Exception {
    NodeState ns = nodeState();
    String json = Serialization.asJson(ns);
    assertThat(api.json().readValue(json, NodeState.class))
        .isEqualTo(Serialization.unmarshal(json, NodeState.class));

    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .withNamespace("default")
            .addToAnnotations("volcano.sh/preemptable", "true")
            .endMetadata()
            .withNewSpec()
            .withNodeName("n1")
            .addNewContainer()
            .withName("c")
            .withNewResources()
            .addToRequests("cpu", new Quantity("250m"))
            .endResources()
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withQosClass("Burstable")
            .endStatus()
            .build();
    PodView read = api.json().readValue(Serialization.asJson(pod), PodView.class);
    assertThat(read.name()).isEqualTo("p");
    assertThat(read.metadata().namespace()).isEqualTo("default");
    assertThat(read.metadata().annotations()).containsEntry("volcano.sh/preemptable", "true");
    assertThat(read.spec().nodeName()).isEqualTo("n1");
    assertThat(read.spec().containers().get(0).resources().requests()).containsEntry("cpu", "250m");
    assertThat(read.status().qosClass()).isEqualTo("Burstable");
  }

  @Test
  void anEventIsTheCoreV1EventFabric8Wrote() throws Exception {
    EventBody e =
        new EventBody(
            new EventBody.Metadata("n1.", "default"),
            new EventBody.Reference("nestos.openeuler.org/v1alpha1", "NodeState", "n1", "u1"),
            "Staged",
            "image staged",
            "Normal",
            new EventBody.Source("nestos-node-daemon", "n1"),
            "2026-12-07T10:00:00Z",
            "2026-12-07T10:00:00Z",
            1);
    io.fabric8.kubernetes.api.model.Event read =
        Serialization.unmarshal(
            new String(api.json().writeValueAsBytes(e), java.nio.charset.StandardCharsets.UTF_8),
            io.fabric8.kubernetes.api.model.Event.class);
    assertThat(read.getApiVersion()).isEqualTo("v1");
    assertThat(read.getKind()).isEqualTo("Event");
    assertThat(read.getMetadata().getGenerateName()).isEqualTo("n1.");
    assertThat(read.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(read.getInvolvedObject().getKind()).isEqualTo("NodeState");
    assertThat(read.getInvolvedObject().getUid()).isEqualTo("u1");
    assertThat(read.getReason()).isEqualTo("Staged");
    assertThat(read.getType()).isEqualTo("Normal");
    assertThat(read.getSource().getComponent()).isEqualTo("nestos-node-daemon");
    assertThat(read.getSource().getHost()).isEqualTo("n1");
    assertThat(read.getCount()).isEqualTo(1);
    assertThat(read.getFirstTimestamp()).isEqualTo("2026-12-07T10:00:00Z");
  }
}
