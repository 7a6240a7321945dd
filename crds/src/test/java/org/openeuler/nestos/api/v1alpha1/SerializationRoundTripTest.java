package org.openeuler.nestos.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.ApiGroup;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.fixtures.Conditions;
import org.openeuler.nestos.api.fixtures.NodeStates;
import org.openeuler.nestos.api.fixtures.OsVersions;

class SerializationRoundTripTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void osVersion() {
    OSVersion o =
        OsVersions.named("v2")
            .image(OsVersions.image('b'))
            .maxUnavailable("25%")
            .counts(10, 4, 1)
            .healthGate(
                new HealthGate(
                    300,
                    10,
                    List.of(
                        new HealthCheck(
                            "kubelet",
                            HealthCheck.Type.SystemdUnit,
                            5,
                            null,
                            null,
                            new SystemdUnitCheck("kubelet.service"),
                            null),
                        new HealthCheck(
                            "probe",
                            HealthCheck.Type.Exec,
                            null,
                            null,
                            new ExecCheck(List.of("/usr/bin/test", "-e", "/run/ok")),
                            null,
                            null)),
                    HealthGate.FailureAction.LeaveNode))
            .build();
    OSVersion back = roundTrip(o, OSVersion.class);
    assertThat(back.getApiVersion()).isEqualTo(ApiGroup.API_VERSION);
    assertThat(back.getSpec().rollout().maxUnavailable()).isEqualTo(new IntOrString("25%"));
    assertThat(back.getStatus().failures()).hasSize(1);
  }

  @Test
  void nodeConfig() {
    NodeConfig c = new NodeConfig();
    c.setMetadata(new ObjectMetaBuilder().withName("tuning").build());
    c.setSpec(
        new NodeConfigSpec(
            new LabelSelectorBuilder().addToMatchLabels("pool", "db").build(),
            10,
            List.of(new SysctlSetting("net.core.somaxconn", "4096")),
            List.of("hugepagesz=1G", "hugepages=8")));
    c.setStatus(
        new NodeConfigStatus(
            1L,
            Conditions.of().isTrue(ConditionType.READY, ConditionReason.APPLIED).build(),
            3,
            3,
            0,
            0,
            1,
            List.of(new SysctlConflict("net.core.somaxconn", "tuning", List.of("other"), 2))));
    roundTrip(c, NodeConfig.class);
  }

  @Test
  void rubikPolicy() {
    RubikPolicy p = new RubikPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName("mix").build());
    p.setSpec(
        new RubikPolicySpec(
            new LabelSelectorBuilder().build(),
            0,
            RubikPolicySpec.Mode.Native,
            new OfflineSelector(
                new LabelSelectorBuilder().addToMatchLabels("tier", "batch").build(), null),
            new RubikFeatures(true, true, false, false, false, false),
            RubikPolicySpec.Prerequisites.Report));
    p.setStatus(
        new RubikPolicyStatus(
            2L,
            null,
            5,
            4,
            List.of(new FeatureBackendCount("cpuPreemption", "cpu.idle", 4)),
            List.of(new PrerequisiteCount("karg psi=1", 1))));
    roundTrip(p, RubikPolicy.class);
  }

  @Test
  void nodeState() {
    NodeState n =
        NodeStates.forNode("n1")
            .target("v2", OsVersions.image('b'))
            .karg("hugepages=8", "NodeConfig/tuning")
            .sysctl("net.core.somaxconn", "4096", "NodeConfig/tuning")
            .bootId("b1")
            .booted(OsVersions.image('a'))
            .staged(OsVersions.image('b'))
            .rollback(OsVersions.image('0'))
            .grant(Disruption.Allowed.Reboot, "t1")
            .acceptedTicket("t1")
            .appliedKarg("hugepages=8")
            .updated()
            .build();
    NodeState back = roundTrip(n, NodeState.class);
    assertThat(back.getStatus().deployments().booted().pinned()).isTrue();
    assertThat(back.getSpec().disruption().bootID()).isEqualTo("b1");
  }

  @Test
  void nullsAreOmitted() {
    String json = JSON.asJson(NodeStates.forNode("n2").build());
    assertThat(json).doesNotContain("null").doesNotContain("\"status\"");
  }

  private static <T extends CustomResource<?, ?>> T roundTrip(T resource, Class<T> type) {
    String json = JSON.asJson(resource);
    T back = JSON.unmarshal(json, type);
    assertThat(back.getSpec()).isEqualTo(resource.getSpec());
    assertThat(back.getStatus()).isEqualTo(resource.getStatus());
    assertThat(back.getMetadata()).isEqualTo(resource.getMetadata());
    assertThat(JSON.asJson(back)).isEqualTo(json);
    return back;
  }
}
