package org.openeuler.nestos.operator.nodestate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * The single writer of NodeState specs against the test API server (no cache: it reads its own
 * writes).
 */
class FabricNodeStateSpecsMockTest {

  TestApiServer server;
  KubernetesClient client;
  FabricNodeStateSpecs specs;
  String uid;

  @BeforeEach
  void start() {
    server = TestApiServer.start();
    client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
    specs = new FabricNodeStateSpecs(client);
    uid =
        client
            .nodes()
            .resource(
                Serialization.unmarshal(
                    "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},\"spec\":{}}",
                    Node.class))
            .create()
            .getMetadata()
            .getUid();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static NodeStateSpec spec(String uid, String value, Disruption d) {
    return new NodeStateSpec(
        "n1",
        uid,
        "rev-" + value,
        null,
        null,
        null,
        List.of(),
        List.of(new OwnedSysctl("vm.swappiness", value, List.of("NodeConfig/a"))),
        null,
        null,
        d);
  }

  @Test
  void createsOwnedSkipsNoOpsAndUpdates() {
    specs.render("n1", uid, spec(uid, "10", null));
    NodeState ns = client.resources(NodeState.class).withName("n1").get();
    assertThat(ns.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
    assertThat(ns.getSpec().disruption().allowed()).isEqualTo(Disruption.Allowed.None);

    // the server defaulted disruption; the same render (as the renderer carries it over) writes
    // nothing
    specs.render("n1", uid, spec(uid, "10", ns.getSpec().disruption()));
    assertThat(specs.writes()).isEqualTo(1);

    specs.render("n1", uid, spec(uid, "20", ns.getSpec().disruption()));
    assertThat(specs.writes()).isEqualTo(2);
    assertThat(
            client
                .resources(NodeState.class)
                .withName("n1")
                .get()
                .getSpec()
                .sysctls()
                .get(0)
                .value())
        .isEqualTo("20");
  }

  @Test
  void grantIsOptimisticallyLockedAndKeptByLaterRenders() {
    specs.render("n1", uid, spec(uid, "10", null));
    NodeState ns = client.resources(NodeState.class).withName("n1").get();
    String rv = ns.getMetadata().getResourceVersion();
    Disruption reboot = new Disruption(Disruption.Allowed.Reboot, "t-1", "boot-1", "rev-10");

    // someone else changed it after we read it: the grant is refused
    specs.render("n1", uid, spec(uid, "11", ns.getSpec().disruption()));
    assertThat(specs.grant("n1", reboot, rv)).isFalse();

    NodeState now = client.resources(NodeState.class).withName("n1").get();
    assertThat(specs.grant("n1", reboot, now.getMetadata().getResourceVersion())).isTrue();
    NodeState granted = client.resources(NodeState.class).withName("n1").get();
    assertThat(granted.getSpec().disruption()).isEqualTo(reboot);
    assertThat(granted.getSpec().sysctls().get(0).value()).isEqualTo("11");

    // a render computed before the grant does not overwrite it (skipped; the grant's event
    // re-renders)
    specs.render("n1", uid, spec(uid, "12", now.getSpec().disruption()));
    assertThat(
            client
                .resources(NodeState.class)
                .withName("n1")
                .get()
                .getSpec()
                .sysctls()
                .get(0)
                .value())
        .isEqualTo("11");
    // a render computed with the grant keeps it
    specs.render("n1", uid, spec(uid, "12", reboot));
    NodeState after = client.resources(NodeState.class).withName("n1").get();
    assertThat(after.getSpec().sysctls().get(0).value()).isEqualTo("12");
    assertThat(after.getSpec().disruption()).isEqualTo(reboot);
  }

  @Test
  void aNodeStateOfAFormerNodeOfTheSameNameIsReplacedWithoutItsTicketAndStatus() {
    specs.render("n1", uid, spec(uid, "10", null));
    NodeState ns = client.resources(NodeState.class).withName("n1").get();
    Disruption reboot = new Disruption(Disruption.Allowed.Reboot, "t-old", "boot-old", "rev-10");
    assertThat(specs.grant("n1", reboot, ns.getMetadata().getResourceVersion())).isTrue();
    client
        .resources(NodeState.class)
        .withName("n1")
        .subresource("status")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"status\":{\"bootID\":\"boot-old\",\"acceptedTicket\":\"t-old\"}}");
    // the Node is deleted without its dependents (as when the garbage collector has not run yet)
    // and re-created
    client
        .nodes()
        .withName("n1")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN)
        .delete();
    String newUid =
        client
            .nodes()
            .resource(
                Serialization.unmarshal(
                    "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},\"spec\":{}}",
                    Node.class))
            .create()
            .getMetadata()
            .getUid();

    // the renderer carries over the disruption it found; the former node's is not carried
    specs.render("n1", newUid, spec(newUid, "10", reboot));
    NodeState fresh = client.resources(NodeState.class).withName("n1").get();
    assertThat(fresh.getMetadata().getUid()).isNotEqualTo(ns.getMetadata().getUid());
    assertThat(fresh.getSpec().nodeUID()).isEqualTo(newUid);
    assertThat(fresh.getSpec().disruption().allowed()).isEqualTo(Disruption.Allowed.None);
    assertThat(fresh.getSpec().disruption().ticket()).isNull();
    assertThat(fresh.getStatus()).as("the former node's daemon status is gone").isNull();
    assertThat(fresh.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(newUid));
    assertThat(NodeStateSpecs.belongsTo(ns, newUid)).isFalse();
    assertThat(NodeStateSpecs.belongsTo(fresh, newUid)).isTrue();
  }
}
