package org.openeuler.nestos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.simulator.Cr.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;

/**
 * Live sysctls through the whole system: the operator renders the NodeConfig into the selected
 * nodes' NodeStates, each real daemon writes its node's {@code /proc/sys}, persists to {@code
 * /etc/sysctl.d} and restores the originals when the NodeConfig goes away; no node reboots.
 */
class NodeConfigSysctlE2E {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final String PERSISTED = "/etc/sysctl.d/90-nestos-operator.conf";
  SimulatedCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sysctlsAreAppliedLiveOnSelectedNodesPersistedAndRestoredOnDelete() throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(4));
    List<SimulatedNode> zoneA = List.of(cluster.node("node-1"), cluster.node("node-4"));
    List<SimulatedNode> others = List.of(cluster.node("node-2"), cluster.node("node-3"));
    Cr.apply(
        cluster,
        """
        apiVersion: nestos.openeuler.org/v1alpha1
        kind: NodeConfig
        metadata:
          name: zone-a-tuning
        spec:
          nodeSelector:
            matchLabels:
              topology.kubernetes.io/zone: zone-a
          sysctls:
            - name: vm.swappiness
              value: "10"
            - name: net.ipv4.ip_forward
              value: "1"
        """);

    // a pass writes /proc/sys, reads it back, then persists: wait for the whole pass
    await(
        cluster,
        WAIT,
        "applied live and persisted on zone-a",
        () ->
            zoneA.stream()
                .allMatch(
                    n ->
                        n.files().sysctl("vm.swappiness").equals("10")
                            && n.files().sysctl("net.ipv4.ip_forward").equals("1")
                            && n.files().read(PERSISTED).contains("vm.swappiness = 10")
                            && n.files().read(PERSISTED).contains("net.ipv4.ip_forward = 1")));
    await(
        cluster,
        WAIT,
        "NodeConfig status counts both nodes applied",
        () -> {
          NodeConfig nc = Cr.nodeConfig(cluster, "zone-a-tuning");
          return nc.getStatus() != null
              && Integer.valueOf(2).equals(nc.getStatus().targetNodes())
              && Integer.valueOf(2).equals(nc.getStatus().appliedNodes());
        });
    for (SimulatedNode n : others) {
      assertThat(n.files().sysctl("vm.swappiness")).as(n.name() + " not selected").isEqualTo("60");
      assertThat(n.files().read(PERSISTED)).doesNotContain("vm.swappiness");
    }

    // a reboot resets the kernel; the persisted file brings the value back at boot
    SimulatedNode rebooted = cluster.node("node-1");
    rebooted.unplannedReboot();
    await(
        cluster,
        WAIT,
        "node-1 back with its daemon",
        () -> rebooted.daemonStarts() == 2 && rebooted.daemonSynced());
    assertThat(rebooted.files().sysctl("vm.swappiness")).isEqualTo("10");

    cluster.admin().resources(NodeConfig.class).withName("zone-a-tuning").delete();
    await(
        cluster,
        WAIT,
        "originals restored",
        () ->
            zoneA.stream()
                .allMatch(
                    n ->
                        n.files().sysctl("vm.swappiness").equals("60")
                            && n.files().sysctl("net.ipv4.ip_forward").equals("0")));
    for (SimulatedNode n : zoneA) {
      assertThat(n.files().read(PERSISTED))
          .as(n.name() + " no longer persisted")
          .doesNotContain("vm.swappiness");
    }
    assertThat(cluster.nodes())
        .allSatisfy(n -> assertThat(n.os().reboots()).isEqualTo(n == rebooted ? 1 : 0));
  }
}
