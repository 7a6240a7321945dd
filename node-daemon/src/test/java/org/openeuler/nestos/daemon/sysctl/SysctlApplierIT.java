package org.openeuler.nestos.daemon.sysctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.daemon.core.sysctl.DesiredSysctl;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.daemon.sysctl.SysctlReport.Outcome;

/**
 * The applier on {@link RootedHostFs} over a temp root laid out like a host: {@code proc/sys} files
 * in the kernel's formats (one TAB-separated, one made read-only with {@code chattr +i}, since root
 * ignores mode bits), and {@code etc/sysctl.d} and {@code var/lib/nestos} for the project's files.
 */
class SysctlApplierIT {

  @TempDir Path root;
  Path immutable;
  RootedHostFs fs;
  final SysctlPaths paths = SysctlPaths.defaults();

  @BeforeEach
  void layout() throws IOException {
    put("proc/sys/vm/swappiness", "60\n");
    put("proc/sys/vm/dirty_ratio", "20\n");
    put("proc/sys/net/ipv4/ip_local_port_range", "32768\t60999\n");
    put("proc/sys/kernel/ngroups_max", "65536\n");
    fs = new RootedHostFs(root);
  }

  @AfterEach
  void unlock() throws Exception {
    if (immutable != null) {
      chattr("-i", immutable);
    }
  }

  @Test
  void appliesPersistsAndRestores() throws IOException {
    SysctlApplier a = new SysctlApplier(fs, paths);
    SysctlReport r =
        a.apply(
            List.of(
                DesiredSysctl.of("vm.swappiness", "10", "NodeConfig/tuned"),
                DesiredSysctl.of(
                    "net.ipv4.ip_local_port_range", "32768 60999", "NodeConfig/tuned")));
    assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(r.written())
        .containsExactly("vm.swappiness"); // the TAB-printed range already matches
    assertThat(read("proc/sys/vm/swappiness")).isEqualTo("10\n");
    assertThat(read("proc/sys/net/ipv4/ip_local_port_range")).isEqualTo("32768\t60999\n");
    assertThat(read("etc/sysctl.d/90-nestos-operator.conf"))
        .contains("# NodeConfig/tuned\nnet.ipv4.ip_local_port_range = 32768 60999\n")
        .contains("vm.swappiness = 10\n");
    assertThat(read("var/lib/nestos/sysctl-originals.json"))
        .contains("\"vm.swappiness\" : \"60\"")
        .contains("\"net.ipv4.ip_local_port_range\" : \"32768\\t60999\"");
    assertThat(r.toSummary().issues()).extracting(i -> i.reason()).containsExactly("NamespacedKey");

    SysctlReport off = a.apply(List.of());
    assertThat(off.restored()).containsExactly("vm.swappiness");
    assertThat(read("proc/sys/vm/swappiness")).isEqualTo("60\n");
    assertThat(Files.exists(root.resolve("etc/sysctl.d/90-nestos-operator.conf"))).isFalse();
    assertThat(read("var/lib/nestos/sysctl-originals.json")).contains("\"originals\" : { }");
  }

  @Test
  void readOnlyKeyRejectsTheWholePass() throws Exception {
    immutable = root.resolve("proc/sys/kernel/ngroups_max");
    assumeThat(chattr("+i", immutable)).as("chattr +i supported here").isTrue();
    SysctlReport r =
        new SysctlApplier(fs, paths)
            .apply(
                List.of(
                    DesiredSysctl.of("vm.swappiness", "10"),
                    DesiredSysctl.of("kernel.ngroups_max", "1024")));
    assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(r.toSummary().issues())
        .extracting(i -> i.name() + ":" + i.reason())
        .containsExactly("kernel.ngroups_max:NotWritable");
    assertThat(read("proc/sys/vm/swappiness")).isEqualTo("60\n");
    assertThat(Files.exists(root.resolve("var/lib/nestos"))).isFalse();
  }

  @Test
  void failedWriteUndoesEarlierWritesOfThePass() throws IOException {
    FaultyHostFs faulty = new FaultyHostFs(fs).failWrite("/proc/sys/vm/swappiness");
    SysctlReport r =
        new SysctlApplier(faulty, paths)
            .apply(
                List.of(
                    DesiredSysctl.of("vm.dirty_ratio", "30"),
                    DesiredSysctl.of("vm.swappiness", "10")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.toSummary().issues())
        .extracting(i -> i.name() + ":" + i.reason())
        .containsExactly("vm.swappiness:ApplyFailed");
    assertThat(read("proc/sys/vm/dirty_ratio")).isEqualTo("20\n");
    assertThat(read("proc/sys/vm/swappiness")).isEqualTo("60\n");
    assertThat(Files.exists(root.resolve("etc/sysctl.d/90-nestos-operator.conf"))).isFalse();
  }

  @Test
  void killedAfterTheWriteBeforePersistingThenRestartedAfterThePolicyWentAway() throws IOException {
    FaultyHostFs dying = new FaultyHostFs(fs).killAtAtomicWrite(paths.persistFile());
    assertThatThrownBy(
            () ->
                new SysctlApplier(dying, paths)
                    .apply(List.of(DesiredSysctl.of("vm.swappiness", "10"))))
        .isInstanceOf(FaultyHostFs.Killed.class);
    assertThat(read("proc/sys/vm/swappiness")).isEqualTo("10\n");
    assertThat(Files.exists(root.resolve("etc/sysctl.d/90-nestos-operator.conf"))).isFalse();

    SysctlReport r = new SysctlApplier(new RootedHostFs(root), paths).apply(List.of());
    assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(r.restored()).containsExactly("vm.swappiness");
    assertThat(read("proc/sys/vm/swappiness")).isEqualTo("60\n");
  }

  @Test
  void killedAfterCheckpointThenRestartedResumesWithTheTrueOriginal() throws IOException {
    new SysctlApplier(fs, paths).apply(List.of(DesiredSysctl.of("vm.swappiness", "10")));
    FaultyHostFs dying = new FaultyHostFs(fs).killAtAtomicWrite(paths.checkpointFile());
    assertThatThrownBy(
            () ->
                new SysctlApplier(dying, paths)
                    .apply(
                        List.of(
                            DesiredSysctl.of("vm.swappiness", "10"),
                            DesiredSysctl.of("vm.dirty_ratio", "30"))))
        .isInstanceOf(FaultyHostFs.Killed.class);
    assertThat(read("proc/sys/vm/dirty_ratio")).isEqualTo("20\n");

    SysctlApplier restarted = new SysctlApplier(new RootedHostFs(root), paths);
    SysctlReport r =
        restarted.apply(
            List.of(
                DesiredSysctl.of("vm.swappiness", "10"), DesiredSysctl.of("vm.dirty_ratio", "30")));
    assertThat(r.written()).containsExactly("vm.dirty_ratio");
    Files.writeString(
        root.resolve("proc/sys/vm/swappiness"), "33\n"); // someone else changes our key
    assertThat(
            restarted.drift(
                List.of(
                    DesiredSysctl.of("vm.swappiness", "10"),
                    DesiredSysctl.of("vm.dirty_ratio", "30"))))
        .containsExactly("vm.swappiness");
    assertThat(restarted.apply(List.of()).restored())
        .containsExactly("vm.dirty_ratio", "vm.swappiness");
    assertThat(read("proc/sys/vm/dirty_ratio")).isEqualTo("20\n");
    assertThat(read("proc/sys/vm/swappiness")).isEqualTo("60\n");
  }

  private void put(String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private String read(String rel) throws IOException {
    return Files.readString(root.resolve(rel));
  }

  private static boolean chattr(String flag, Path file) throws Exception {
    try {
      Process p =
          new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
