package org.openeuler.nestos.daemon.core.sysctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlPlannerTest {

  static final DesiredSysctl SWAP = DesiredSysctl.of("vm.swappiness", "10", "NodeConfig/a");
  static final DesiredSysctl RANGE =
      DesiredSysctl.of("net.ipv4.ip_local_port_range", "1024 65000", "NodeConfig/b");

  /**
   * Simulates a successful pass on the inputs: the live values, checkpoint and persisted file after
   * it.
   */
  record State(Map<String, String> live, Checkpoint checkpoint, Map<String, String> persisted) {
    State after(SysctlPlan plan) {
      Map<String, String> l = new HashMap<>(live);
      plan.liveWrites().forEach(w -> l.put(w.name(), w.value()));
      return new State(l, plan.checkpointAfter(), PersistedFile.parse(plan.persisted()));
    }

    SysctlPlan plan(List<DesiredSysctl> desired) {
      return SysctlPlanner.plan(desired, live, checkpoint, persisted);
    }
  }

  static State fresh() {
    return new State(
        Map.of("vm.swappiness", "60\n", "net.ipv4.ip_local_port_range", "32768\t60999\n"),
        Checkpoint.empty(),
        Map.of());
  }

  @Test
  void firstApplyCheckpointsOriginalsWritesAndPersists() {
    SysctlPlan p = fresh().plan(List.of(SWAP, RANGE));
    assertThat(p.writes())
        .containsExactly(
            new SysctlWrite("net.ipv4.ip_local_port_range", "1024 65000", "32768\t60999\n"),
            new SysctlWrite("vm.swappiness", "10", "60\n"));
    assertThat(p.checkpointAdditions())
        .containsOnly(
            Map.entry("vm.swappiness", "60"),
            Map.entry("net.ipv4.ip_local_port_range", "32768\t60999"));
    assertThat(p.checkpointBefore().originals())
        .containsOnlyKeys("vm.swappiness", "net.ipv4.ip_local_port_range");
    assertThat(p.checkpointAfter()).isEqualTo(p.checkpointBefore());
    assertThat(p.restores()).isEmpty();
    assertThat(p.drifted()).isEmpty();
    assertThat(p.persisted())
        .startsWith("# Managed by the NestOS operator")
        .contains("# NodeConfig/a\nvm.swappiness = 10\n")
        .containsSubsequence("net.ipv4.ip_local_port_range = 1024 65000", "vm.swappiness = 10");
  }

  @Test
  void reApplyIsANoOp() {
    State s = fresh();
    State applied = s.after(s.plan(List.of(SWAP, RANGE)));
    SysctlPlan again = applied.plan(List.of(RANGE, SWAP));
    assertThat(again.liveWrites()).isEmpty();
    assertThat(again.checkpointAdditions()).isEmpty();
    assertThat(again.released()).isEmpty();
    assertThat(again.checkpointBefore()).isEqualTo(applied.checkpoint());
    assertThat(again.checkpointAfter()).isEqualTo(applied.checkpoint());
    assertThat(PersistedFile.parse(again.persisted())).isEqualTo(applied.persisted());
  }

  @Test
  void valueAlreadyLiveAsTheKernelPrintsItIsNotWritten() {
    SysctlPlan p =
        fresh().plan(List.of(DesiredSysctl.of("net.ipv4.ip_local_port_range", " 32768  60999 ")));
    assertThat(p.writes()).isEmpty();
    assertThat(p.checkpointAdditions()).containsKey("net.ipv4.ip_local_port_range");
  }

  @Test
  void policyRemovedRestoresTheOriginal() {
    State s = fresh();
    State applied = s.after(s.plan(List.of(SWAP, RANGE)));
    SysctlPlan p = applied.plan(List.of(RANGE));
    assertThat(p.restores()).containsExactly(new SysctlWrite("vm.swappiness", "60", "10"));
    assertThat(p.writes()).isEmpty();
    assertThat(p.released()).containsExactly("vm.swappiness");
    assertThat(p.checkpointAfter().originals()).containsOnlyKeys("net.ipv4.ip_local_port_range");
    assertThat(p.persisted()).doesNotContain("vm.swappiness");

    SysctlPlan none = applied.after(p).plan(List.of());
    assertThat(none.restores())
        .extracting(SysctlWrite::name)
        .containsExactly("net.ipv4.ip_local_port_range");
    assertThat(none.restores().get(0).value()).isEqualTo("32768\t60999");
    assertThat(none.persisted()).isNull();
    assertThat(none.checkpointAfter().isEmpty()).isTrue();
  }

  @Test
  void valueChangedKeepsTheFirstOriginal() {
    State s = fresh();
    State applied = s.after(s.plan(List.of(SWAP)));
    SysctlPlan p = applied.plan(List.of(DesiredSysctl.of("vm.swappiness", "30", "NodeConfig/a")));
    assertThat(p.writes()).containsExactly(new SysctlWrite("vm.swappiness", "30", "10"));
    assertThat(p.checkpointAdditions()).isEmpty();
    assertThat(p.checkpointAfter().originals()).containsEntry("vm.swappiness", "60");
    assertThat(p.drifted()).isEmpty();
  }

  @Test
  void driftIsAnOwnedKeyChangedBehindOurBack() {
    State s = fresh();
    State applied = s.after(s.plan(List.of(SWAP)));
    Map<String, String> live = new HashMap<>(applied.live());
    live.put("vm.swappiness", "35\n");
    SysctlPlan p = new State(live, applied.checkpoint(), applied.persisted()).plan(List.of(SWAP));
    assertThat(p.drifted()).containsExactly("vm.swappiness");
    assertThat(p.writes()).containsExactly(new SysctlWrite("vm.swappiness", "10", "35\n"));
    assertThat(p.checkpointAfter().originals()).containsEntry("vm.swappiness", "60");
  }

  @Test
  void crashBetweenCheckpointAndWrite() {
    State s = fresh();
    SysctlPlan first = s.plan(List.of(SWAP));
    // checkpointBefore stored, then killed: nothing live, no persisted file
    State crashed = new State(s.live(), first.checkpointBefore(), Map.of());
    SysctlPlan resumed = crashed.plan(List.of(SWAP));
    assertThat(resumed.writes()).containsExactly(new SysctlWrite("vm.swappiness", "10", "60\n"));
    assertThat(resumed.checkpointAdditions()).isEmpty();
    assertThat(resumed.checkpointAfter().originals()).containsEntry("vm.swappiness", "60");
    assertThat(resumed.drifted()).isEmpty();
    // or the policy went away while the daemon was down: the checkpoint alone says it was ours
    SysctlPlan gone = crashed.plan(List.of());
    assertThat(gone.restores()).isEmpty();
    assertThat(gone.released()).containsExactly("vm.swappiness");
    assertThat(gone.checkpointAfter().isEmpty()).isTrue();
  }

  @Test
  void crashAfterWriteBeforePersist() {
    State s = fresh();
    SysctlPlan first = s.plan(List.of(SWAP));
    Map<String, String> live = new HashMap<>(s.live());
    live.put("vm.swappiness", "10\n");
    State crashed = new State(live, first.checkpointBefore(), Map.of());
    SysctlPlan resumed = crashed.plan(List.of(SWAP));
    assertThat(resumed.writes()).isEmpty();
    assertThat(resumed.checkpointAfter().originals()).containsEntry("vm.swappiness", "60");
    assertThat(resumed.persisted()).contains("vm.swappiness = 10");
    SysctlPlan gone = crashed.plan(List.of());
    assertThat(gone.restores()).containsExactly(new SysctlWrite("vm.swappiness", "60", "10\n"));
  }

  @Test
  void persistedKeyWithoutOriginalIsReleasedWithAWarning() {
    State s =
        new State(Map.of("vm.swappiness", "10"), Checkpoint.empty(), Map.of("vm.swappiness", "10"));
    SysctlPlan p = s.plan(List.of());
    assertThat(p.restores()).isEmpty();
    assertThat(p.findings())
        .extracting(SysctlFinding::reason)
        .containsExactly(SysctlReason.NO_ORIGINAL);
    assertThat(p.persisted()).isNull();
  }

  @Test
  void releasedKeyThatVanishedIsNotRestored() {
    State s =
        new State(Map.of(), new Checkpoint(Map.of("net.ipv4.conf.eth1.rp_filter", "1")), Map.of());
    SysctlPlan p = s.plan(List.of());
    assertThat(p.restores()).isEmpty();
    assertThat(p.released()).containsExactly("net.ipv4.conf.eth1.rp_filter");
    assertThat(p.findings())
        .extracting(SysctlFinding::reason)
        .containsExactly(SysctlReason.NOT_FOUND);
  }

  @Test
  void persistedFileRoundTrips() {
    String file = PersistedFile.render(List.of(RANGE, SWAP));
    assertThat(PersistedFile.parse(file))
        .containsExactly(
            Map.entry("net.ipv4.ip_local_port_range", "1024 65000"),
            Map.entry("vm.swappiness", "10"));
    assertThat(PersistedFile.parse("; c\n-vm.a = 1\n  bad line\nvm.b=2\n"))
        .containsOnly(Map.entry("vm.a", "1"), Map.entry("vm.b", "2"));
  }

  @Test
  void checkpointRoundTrips() {
    Checkpoint c =
        new Checkpoint(
            Map.of("net.ipv4.ip_local_port_range", "32768\t60999", "vm.swappiness", "60"));
    assertThat(Checkpoint.parse(c.render())).isEqualTo(c);
    assertThat(Checkpoint.parse("")).isEqualTo(Checkpoint.empty());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checkpoint.parse("{not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
