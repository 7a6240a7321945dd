package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.openeuler.nestos.operator.core.render.Fx.all;
import static org.openeuler.nestos.operator.core.render.Fx.features;
import static org.openeuler.nestos.operator.core.render.Fx.nc;
import static org.openeuler.nestos.operator.core.render.Fx.node;
import static org.openeuler.nestos.operator.core.render.Fx.rp;
import static org.openeuler.nestos.operator.core.render.Fx.sel;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec.Mode;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec.Prerequisites;
import org.openeuler.nestos.api.v1alpha1.SysctlConflict;

class RubikRenderTest {
  private static final List<NodeInfo> ONE = List.of(node("n1", "pool=a"));

  @ParameterizedTest(name = "{0}/{1} vs {2}/{3} -> {4}")
  @CsvSource({"a, 1, b, 0, a", "a, 0, b, 1, b", "a, 3, b, 3, a", "q, 3, p, 3, p"})
  void winningPolicyPerNodeByPriorityThenName(String n1, int p1, String n2, int p2, String winner) {
    RenderResult r =
        Fx.render(ONE, List.of(), List.of(), List.of(rp(n1, p1, all()), rp(n2, p2, all())));
    NodeStateSpec s = r.nodes().get("n1").spec();
    assertThat(s.rubikProfile().policyRef()).isEqualTo(winner);
    assertThat(s.rubikProfile().mode()).isEqualTo(Mode.Native);
    assertThat(r.rubikPolicies().get(winner).targetNodes()).containsExactly("n1");
    String loser = winner.equals(n1) ? n2 : n1;
    assertThat(r.rubikPolicies().get(loser).targetNodes()).isEmpty();
    assertThat(r.rubikPolicies().get(loser).selectedNodes()).containsExactly("n1");
  }

  @Test
  void reportModeFoldsNothing() {
    NodeStateSpec s =
        Fx.render(
                ONE,
                List.of(),
                List.of(),
                List.of(
                    rp(
                        "mix",
                        0,
                        Mode.Native,
                        Prerequisites.Report,
                        features(true, true, false),
                        all())))
            .nodes()
            .get("n1")
            .spec();
    assertThat(s.sysctls()).isEmpty();
    assertThat(s.kernelArguments()).isEmpty();
    assertThat(s.rubikProfile().features().memoryPreemption()).isTrue();
  }

  @Test
  void manageFoldsRequiredSysctlsAndKargsWithRubikOwner() {
    NodeStateSpec s =
        Fx.renderOn(
                Fx.OE_V1,
                ONE,
                List.of(),
                List.of(nc("serial", 0, all(), "@console=ttyS0")),
                List.of(
                    rp(
                        "mix",
                        0,
                        Mode.Rubik,
                        Prerequisites.Manage,
                        features(true, true, true),
                        all())))
            .nodes()
            .get("n1")
            .spec();
    assertThat(s.sysctls())
        .containsExactly(new OwnedSysctl("vm.memcg_qos_enable", "1", List.of("RubikPolicy/mix")));
    assertThat(s.kernelArguments())
        .extracting(OwnedKernelArgument::token, OwnedKernelArgument::owners)
        .containsExactly(
            tuple("console=ttyS0", List.of("NodeConfig/serial")),
            tuple("cgroup1_writeback", List.of("RubikPolicy/mix")),
            tuple("psi=1", List.of("RubikPolicy/mix")),
            tuple("psi_v1=1", List.of("RubikPolicy/mix")));
  }

  /**
   * Issue 15: each node is asked only for the prerequisites that exist and matter on its kernel, as
   * its daemon reported it; a node that has not reported yet is asked for none.
   */
  @Test
  void managedPrerequisitesFollowEachNodesReportedKernel() {
    RubikPolicyInput mix =
        rp("mix", 0, Mode.Native, Prerequisites.Manage, features(true, true, true), all());
    RenderResult upstream =
        Fx.renderOn(
            Fx.UPSTREAM_V2,
            ONE,
            List.of(),
            List.of(nc("tune", 0, all(), "net.core.somaxconn=4096")),
            List.of(mix));
    NodeStateSpec v2 = upstream.nodes().get("n1").spec();
    assertThat(v2.sysctls())
        .as("no memcg_qos_enable where memory.qos_level does not exist: the NodeConfig's key alone")
        .extracting(OwnedSysctl::name)
        .containsExactly("net.core.somaxconn");
    assertThat(v2.kernelArguments())
        .as("no cgroup v1 boot arguments on a cgroup v2 node")
        .extracting(OwnedKernelArgument::token)
        .containsExactly("psi=1");

    RenderResult unreported = Fx.render(ONE, List.of(), List.of(), List.of(mix));
    NodeStateSpec none = unreported.nodes().get("n1").spec();
    assertThat(none.sysctls()).isEmpty();
    assertThat(none.kernelArguments()).isEmpty();
    assertThat(none.rubikProfile()).as("the profile itself is rendered").isNotNull();

    NodeStateSpec v1 =
        Fx.renderOn(Fx.OE_V1, ONE, List.of(), List.of(), List.of(mix)).nodes().get("n1").spec();
    assertThat(v1.sysctls()).extracting(OwnedSysctl::name).containsExactly("vm.memcg_qos_enable");
    assertThat(v1.kernelArguments())
        .extracting(OwnedKernelArgument::token)
        .containsExactly("cgroup1_writeback", "psi=1", "psi_v1=1");
  }

  @Test
  void aNodeConfigAgreeingWithAPrerequisiteCoOwnsIt() {
    RenderResult r =
        Fx.renderOn(
            Fx.OE_V1,
            ONE,
            List.of(),
            List.of(nc("qos", 0, all(), "vm.memcg_qos_enable=1")),
            List.of(
                rp(
                    "mix",
                    0,
                    Mode.Native,
                    Prerequisites.Manage,
                    features(true, false, false),
                    all())));
    assertThat(r.nodes().get("n1").spec().sysctls().get(0).owners())
        .containsExactly("NodeConfig/qos", "RubikPolicy/mix");
    assertThat(r.rubikPolicies().get("mix").conflicts()).isEmpty();
  }

  @Test
  void clashWithANodeConfigIsWonByTheNodeConfigAndReportedOnBoth() {
    RenderResult r =
        Fx.renderOn(
            Fx.OE_V1,
            ONE,
            List.of(),
            List.of(nc("noqos", -1000, all(), "vm.memcg_qos_enable=0", "@psi=0")),
            List.of(
                rp(
                    "mix",
                    1000,
                    Mode.Rubik,
                    Prerequisites.Manage,
                    features(true, false, true),
                    all())));
    NodeStateSpec s = r.nodes().get("n1").spec();
    assertThat(s.sysctls())
        .containsExactly(
            new OwnedSysctl(
                "vm.memcg_qos_enable", "0", List.of("NodeConfig/noqos", "RubikPolicy/mix")));
    assertThat(s.kernelArguments())
        .extracting(OwnedKernelArgument::token)
        .containsExactly("psi=0", "psi_v1=1");
    SysctlConflict sysctl =
        new SysctlConflict("vm.memcg_qos_enable", "noqos", List.of("RubikPolicy/mix"), 1);
    SysctlConflict karg = new SysctlConflict("karg:psi", "noqos", List.of("RubikPolicy/mix"), 1);
    assertThat(r.nodeConfigs().get("noqos").conflicts()).containsExactly(karg, sysctl);
    assertThat(r.rubikPolicies().get("mix").conflicts()).containsExactly(karg, sysctl);
  }

  @Test
  void onlyOneRubikModePolicyClusterWideOthersStallAndRenderNowhere() {
    List<NodeInfo> nodes = List.of(node("n1", "pool=a"), node("n2", "pool=b"));
    RenderResult r =
        Fx.render(
            nodes,
            List.of(),
            List.of(),
            List.of(
                rp(
                    "first",
                    5,
                    Mode.Rubik,
                    Prerequisites.Report,
                    features(false, false, false),
                    sel("pool=a")),
                rp(
                    "second",
                    1,
                    Mode.Rubik,
                    Prerequisites.Manage,
                    features(true, false, false),
                    sel("pool=b")),
                rp("fallback", 0, sel("pool=b"))));
    assertThat(r.rubikPolicies().get("first").multipleRubik()).isFalse();
    assertThat(r.rubikPolicies().get("second").multipleRubik()).isTrue();
    assertThat(r.rubikPolicies().get("second").rubikModeHolder()).isEqualTo("first");
    assertThat(r.rubikPolicies().get("second").targetNodes()).isEmpty();
    NodeStateSpec n2 = r.nodes().get("n2").spec();
    assertThat(n2.rubikProfile().policyRef()).isEqualTo("fallback");
    assertThat(n2.sysctls()).isEmpty();
    var st =
        RubikPolicyStatusAggregator.aggregate(
            "second", 3L, r, java.util.Map.of(), null, java.time.Instant.EPOCH);
    assertThat(Conditions.find(st.conditions(), "Stalled").getReason())
        .isEqualTo("MultipleRubikPolicies");
    assertThat(Conditions.find(st.conditions(), "Stalled").getStatus()).isEqualTo("True");
    assertThat(Conditions.find(st.conditions(), "Ready").getStatus()).isEqualTo("False");
    var first =
        RubikPolicyStatusAggregator.aggregate(
            "first", 3L, r, java.util.Map.of(), null, java.time.Instant.EPOCH);
    assertThat(Conditions.find(first.conditions(), "Stalled")).isNull();
  }

  @Test
  void rubikModeHolderIsTheHighestRankedEvenIfItSelectsNoNode() {
    RenderResult r =
        Fx.render(
            ONE,
            List.of(),
            List.of(),
            List.of(
                rp("b", 0, Mode.Rubik, Prerequisites.Report, null, sel("pool=none")),
                rp("a", 0, Mode.Rubik, Prerequisites.Report, null, all())));
    assertThat(r.rubikPolicies().get("a").multipleRubik()).isFalse();
    assertThat(r.rubikPolicies().get("b").multipleRubik()).isTrue();
    assertThat(r.nodes().get("n1").spec().rubikProfile().policyRef()).isEqualTo("a");
  }
}
