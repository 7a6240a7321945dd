package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.openeuler.nestos.operator.core.render.Fx.all;
import static org.openeuler.nestos.operator.core.render.Fx.nc;
import static org.openeuler.nestos.operator.core.render.Fx.node;
import static org.openeuler.nestos.operator.core.render.Fx.sel;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.api.v1alpha1.NodeConfigStatus;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.SysctlConflict;

class NodeConfigMergeTest {
  private static final List<NodeInfo> ONE = List.of(node("n1"));

  private static NodeStateSpec one(NodeConfigInput... ncs) {
    return Fx.render(ONE, List.of(), List.of(ncs), List.of()).nodes().get("n1").spec();
  }

  private static List<String> tokens(NodeStateSpec s) {
    return s.kernelArguments().stream().map(OwnedKernelArgument::token).toList();
  }

  @ParameterizedTest(name = "{0}/{1} vs {2}/{3} -> {4}")
  @CsvSource({
    "a, 10, b, 0,  a", // higher priority wins
    "a, 0,  b, 10, b",
    "a, 5,  b, 5,  a", // tie: lexicographically smaller name wins
    "zz, 5, aa, 5, aa",
    "a, -5, b, -6, a"
  })
  void sysctlPriorityThenName(String n1, int p1, String n2, int p2, String winner) {
    NodeStateSpec s =
        one(
            nc(n1, p1, all(), "net.core.somaxconn=" + n1),
            nc(n2, p2, all(), "net.core.somaxconn=" + n2));
    String loser = winner.equals(n1) ? n2 : n1;
    assertThat(s.sysctls())
        .containsExactly(
            new OwnedSysctl(
                "net.core.somaxconn",
                winner,
                List.of("NodeConfig/" + winner, "NodeConfig/" + loser)));
    RenderResult r =
        Fx.render(
            ONE,
            List.of(),
            List.of(
                nc(n1, p1, all(), "net.core.somaxconn=" + n1),
                nc(n2, p2, all(), "net.core.somaxconn=" + n2)),
            List.of());
    assertThat(r.nodeConfigs().get(n1).conflicts())
        .containsExactly(new SysctlConflict("net.core.somaxconn", winner, List.of(loser), 1));
    assertThat(r.nodeConfigs().get(n2).conflicts()).isEqualTo(r.nodeConfigs().get(n1).conflicts());
  }

  @Test
  void sameValueIsSharedNotAConflict() {
    RenderResult r =
        Fx.render(
            ONE,
            List.of(),
            List.of(
                nc("a", 0, all(), "net.ipv4.tcp_rmem=4096  87380 6291456"),
                nc("b", 1, all(), "net.ipv4.tcp_rmem=4096 87380 6291456")),
            List.of());
    assertThat(r.nodes().get("n1").spec().sysctls())
        .extracting(OwnedSysctl::owners)
        .containsExactly(List.of("NodeConfig/b", "NodeConfig/a"));
    assertThat(r.nodeConfigs().get("a").conflicts()).isEmpty();
  }

  @Test
  void sysctlsAreSortedByKeyAndDisjointKeysMerge() {
    NodeStateSpec s =
        one(
            nc("a", 0, all(), "vm.swappiness=10", "kernel.pid_max=65536"),
            nc("b", 0, all(), "net.core.somaxconn=1024"));
    assertThat(s.sysctls())
        .extracting(OwnedSysctl::name, OwnedSysctl::value, OwnedSysctl::owners)
        .containsExactly(
            tuple("kernel.pid_max", "65536", List.of("NodeConfig/a")),
            tuple("net.core.somaxconn", "1024", List.of("NodeConfig/b")),
            tuple("vm.swappiness", "10", List.of("NodeConfig/a")));
  }

  @Test
  void conflictNodeCountIsAggregatedAcrossNodesPerKey() {
    List<NodeInfo> nodes =
        List.of(
            node("n1", "pool=a"),
            node("n2", "pool=a"),
            node("n3", "pool=b"),
            node("n4", "pool=b", "extra=1"));
    RenderResult r =
        Fx.render(
            nodes,
            List.of(),
            List.of(
                nc("base", 0, all(), "vm.swappiness=60"),
                nc("pool-a", 10, sel("pool=a"), "vm.swappiness=10"),
                nc("extra", 20, sel("extra=1"), "vm.swappiness=1")),
            List.of());
    assertThat(r.nodeConfigs().get("base").conflicts())
        .containsExactly(
            new SysctlConflict("vm.swappiness", "pool-a", List.of("base", "extra"), 3));
    assertThat(r.nodeConfigs().get("pool-a").conflicts())
        .containsExactly(new SysctlConflict("vm.swappiness", "pool-a", List.of("base"), 2));
    assertThat(r.nodeConfigs().get("extra").conflicts())
        .containsExactly(new SysctlConflict("vm.swappiness", "extra", List.of("base"), 1));
    assertThat(r.nodes().get("n3").conflicts()).isEmpty();
    assertThat(r.nodes().get("n4").spec().sysctls().get(0).value()).isEqualTo("1");
  }

  @Test
  void conflictsAreBoundedTo64InStatusButCountedInFull() {
    List<String> hi = new ArrayList<>();
    List<String> lo = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hi.add(String.format("net.test.k%03d=1", i));
      lo.add(String.format("net.test.k%03d=2", i));
    }
    RenderResult r =
        Fx.render(
            List.of(node("n1"), node("n2")),
            List.of(),
            List.of(
                nc("hi", 1, all(), hi.toArray(String[]::new)),
                nc("lo", 0, all(), lo.toArray(String[]::new))),
            List.of());
    assertThat(r.nodeConfigs().get("lo").conflicts())
        .hasSize(100)
        .allMatch(c -> c.nodeCount() == 2);
    NodeConfigStatus st =
        NodeConfigStatusAggregator.aggregate(
            "lo", 1L, r, java.util.Map.of(), null, java.time.Instant.EPOCH);
    assertThat(st.conflicts()).hasSize(64);
    assertThat(st.conflicts().get(0).key()).isEqualTo("net.test.k000");
    assertThat(st.conflictCount()).isEqualTo(100);
  }

  @Test
  void kernelArgumentsKeepPolicyOrderAndRankOrderAndRepeats() {
    NodeStateSpec s =
        one(
            nc("serial", 0, all(), "@console=tty0", "@console=ttyS0,115200"),
            nc("tuning", 5, all(), "@mitigations=off", "@console=ttyS0,115200", "@nosmt"));
    assertThat(tokens(s))
        .containsExactly("mitigations=off", "console=ttyS0,115200", "nosmt", "console=tty0");
    assertThat(s.kernelArguments().get(1).owners())
        .containsExactly("NodeConfig/tuning", "NodeConfig/serial");
  }

  @Test
  void aTokenRepeatedInOnePolicyIsListedOnce() {
    assertThat(tokens(one(nc("a", 0, all(), "@quiet", "@console=tty0", "@quiet"))))
        .containsExactly("quiet", "console=tty0");
  }

  @Test
  void hugepagesGroupIsResolvedByPriorityWithAConflict() {
    RenderResult r =
        Fx.render(
            ONE,
            List.of(),
            List.of(
                nc(
                    "big",
                    10,
                    all(),
                    "@hugepagesz=1G",
                    "@hugepages=4",
                    "@hugepagesz=2M",
                    "@hugepages=512"),
                nc("small", 0, all(), "@hugepages=64", "@nosmt")),
            List.of());
    NodeStateSpec s = r.nodes().get("n1").spec();
    assertThat(tokens(s))
        .containsExactly("hugepagesz=1G", "hugepages=4", "hugepagesz=2M", "hugepages=512", "nosmt");
    assertThat(r.nodeConfigs().get("small").conflicts())
        .containsExactly(new SysctlConflict("karg:hugepages", "big", List.of("small"), 1));
  }

  @Test
  void identicalTokensForAKeyAreCoOwnedNotConflicting() {
    RenderResult r =
        Fx.render(
            ONE,
            List.of(),
            List.of(nc("a", 0, all(), "@hugepages=64"), nc("b", 0, all(), "@hugepages=64")),
            List.of());
    assertThat(r.nodes().get("n1").spec().kernelArguments())
        .containsExactly(
            new OwnedKernelArgument("hugepages=64", List.of("NodeConfig/a", "NodeConfig/b")));
    assertThat(r.nodeConfigs().get("a").conflicts()).isEmpty();
  }

  @Test
  void hostOwnedAndMalformedTokensAreRefused() {
    RenderResult r =
        Fx.render(
            ONE,
            List.of(),
            List.of(
                nc(
                    "a",
                    0,
                    all(),
                    "@root=/dev/sda",
                    "@rd.luks.uuid=x",
                    "@quiet",
                    "@a b",
                    "@ignition.firstboot")),
            List.of());
    assertThat(tokens(r.nodes().get("n1").spec())).containsExactly("quiet");
    assertThat(r.nodeConfigs().get("a").refusedTokens())
        .containsExactly("a b", "ignition.firstboot", "rd.luks.uuid=x", "root=/dev/sda");
    NodeConfigStatus st =
        NodeConfigStatusAggregator.aggregate(
            "a", 2L, r, java.util.Map.of(), null, java.time.Instant.EPOCH);
    assertThat(Conditions.find(st.conditions(), "Degraded").getReason()).isEqualTo("HostOwned");
  }

  @Test
  void aDeletedNodeConfigIsGoneFromTheNextRender() {
    NodeStateSpec with = one(nc("a", 0, all(), "vm.swappiness=1", "@nosmt"));
    NodeStateSpec without = one();
    assertThat(with.sysctls()).hasSize(1);
    assertThat(without.sysctls()).isEmpty();
    assertThat(without.kernelArguments()).isEmpty();
    assertThat(without.revision()).isNotEqualTo(with.revision());
  }
}
