package org.openeuler.nestos.daemon.sysctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.daemon.core.sysctl.Checkpoint;
import org.openeuler.nestos.daemon.core.sysctl.DesiredSysctl;
import org.openeuler.nestos.daemon.core.sysctl.SysctlPlan;
import org.openeuler.nestos.daemon.core.sysctl.SysctlPlanner;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.daemon.sysctl.SysctlReport.Outcome;

/**
 * The applier against this machine's real {@code /proc/sys}, on one harmless key only ({@code
 * vm.stat_interval}: seconds between VM statistics updates). The original is saved first and
 * written back in a finally block; the persisted file and the checkpoint go to a temp dir. A second
 * key ({@code net.ipv4.ip_local_port_range}, printed with a TAB) is only read and planned, never
 * written.
 */
class RealProcSysIT {

  static final String KEY = "vm.stat_interval";
  static final Path FILE = Path.of("/proc/sys/vm/stat_interval");
  static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  @TempDir Path state;

  @Test
  void appliesDetectsDriftFailsCleanlyAndRestoresOnTheRealKernel() throws IOException {
    assumeThat(Files.isRegularFile(FILE) && Files.isWritable(FILE)).as(FILE + " writable").isTrue();
    String original = procRead(FILE);
    String target = original.strip().equals("1") ? "2" : "1";
    System.out.printf("%s original=%s target=%s%n", KEY, original.strip(), target);
    try {
      SysctlPaths paths = SysctlPaths.withStateIn(state.toString());
      SysctlApplier applier = new SysctlApplier(new RootedHostFs(Path.of("/")), paths);
      List<DesiredSysctl> desired = List.of(DesiredSysctl.of(KEY, target, "NodeConfig/real-it"));

      SysctlReport r = applier.apply(desired);
      log("apply", r);
      assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
      assertThat(r.written()).containsExactly(KEY);
      assertThat(procRead(FILE).strip()).isEqualTo(target);
      assertThat(Files.readString(Path.of(paths.persistFile()))).contains(KEY + " = " + target);
      assertThat(Checkpoint.parse(Files.readString(Path.of(paths.checkpointFile()))).originals())
          .containsEntry(KEY, original.strip());

      SysctlReport again = applier.apply(desired);
      log("re-apply", again);
      assertThat(again.written()).isEmpty();

      Files.writeString(FILE, original); // someone else puts it back
      assertThat(applier.drift(desired)).containsExactly(KEY);
      SysctlReport healed = applier.apply(desired);
      log("after drift", healed);
      assertThat(healed.drifted()).containsExactly(KEY);
      assertThat(procRead(FILE).strip()).isEqualTo(target);

      SysctlReport invalid =
          applier.apply(List.of(DesiredSysctl.of(KEY, "not-a-number", "NodeConfig/real-it")));
      log("invalid value", invalid);
      assertThat(invalid.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(invalid.toSummary().issues())
          .extracting(i -> i.reason())
          .containsExactly("ApplyFailed");
      assertThat(procRead(FILE).strip()).isEqualTo(target);

      SysctlReport off = applier.apply(List.of());
      log("policy removed", off);
      assertThat(off.restored()).containsExactly(KEY);
      assertThat(procRead(FILE)).isEqualTo(original);
      assertThat(Files.exists(Path.of(paths.persistFile()))).isFalse();
    } finally {
      if (!procRead(FILE).equals(original)) {
        Files.writeString(FILE, original);
      }
      assertThat(original).endsWith("\n"); // read whole
      System.out.printf("%s finally=%s%n", KEY, procRead(FILE).strip());
    }
    assertThat(procRead(FILE)).isEqualTo(original);
  }

  @Test
  void tabPrintedRangeEqualsTheSpaceSeparatedValueSoNothingIsPlanned() throws IOException {
    assumeThat(Files.isRegularFile(RANGE)).isTrue();
    String live = new RootedHostFs(Path.of("/")).read(RANGE.toString()).orElseThrow();
    assertThat(live).isEqualTo(procRead(RANGE));
    String spaced = String.join(" ", live.strip().split("\\s+"));
    SysctlPlan plan =
        SysctlPlanner.plan(
            List.of(DesiredSysctl.of("net.ipv4.ip_local_port_range", spaced)),
            Map.of("net.ipv4.ip_local_port_range", live),
            Checkpoint.empty(),
            Map.of());
    System.out.printf(
        "ip_local_port_range kernel=%s desired=%s writes=%s%n",
        live.strip().replace("\t", "\\t"), spaced, plan.writes());
    assertThat(live).contains("\t");
    assertThat(plan.writes()).isEmpty();
  }

  /**
   * A whole procfs value (Files.readString reads one byte first, and integer sysctls answer only
   * offset 0).
   */
  static String procRead(Path file) throws IOException {
    try (java.io.FileInputStream in = new java.io.FileInputStream(file.toFile())) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static void log(String step, SysctlReport r) {
    System.out.printf(
        "%-15s outcome=%s written=%s restored=%s drifted=%s summary=%s%n",
        step, r.outcome(), r.written(), r.restored(), r.drifted(), r.toSummary());
  }
}
