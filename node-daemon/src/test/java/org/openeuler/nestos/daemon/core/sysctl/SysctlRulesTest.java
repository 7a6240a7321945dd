package org.openeuler.nestos.daemon.core.sysctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SysctlRulesTest {

  static Stream<SysctlNameTable.Row> rows() {
    return SysctlNameTable.ROWS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void table(SysctlNameTable.Row row) {
    assertThat(SysctlRules.check(row.name(), row.value()).isEmpty())
        .as(row.why())
        .isEqualTo(row.accepted());
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "net/ipv4/ip_forward;1;InvalidName",
        "net..core;1;InvalidName",
        "kernel.modprobe;/x;RunsProgramAsRoot",
        "kernel.poweroff_cmd;/x;RunsProgramAsRoot",
        "kernel.hotplug;/x;RunsProgramAsRoot",
        "kernel.core_pattern;|/bin/x;RunsProgramAsRoot",
        "vm.overcommit_memory;1;KubeletManaged",
        "vm.panic_on_oom;1;KubeletManaged",
        "kernel.panic;1;KubeletManaged",
        "kernel.panic_on_oops;1;KubeletManaged",
        "kernel.keys.root_maxkeys;1;KubeletManaged",
        "kernel.keys.root_maxbytes;1;KubeletManaged"
      })
  void typedReasons(String name, String value, String reason) {
    assertThat(SysctlRules.check(name, value))
        .get()
        .extracting(f -> f.reason().value())
        .isEqualTo(reason);
  }

  @Test
  void reasonsThatExistSharedReuseConditionReason() {
    assertThat(SysctlReason.KUBELET_MANAGED.conditionReason()).isPresent();
    assertThat(SysctlReason.RUNS_PROGRAM_AS_ROOT.conditionReason()).isPresent();
    assertThat(SysctlReason.APPLY_FAILED.conditionReason()).isPresent();
    assertThat(SysctlReason.DRIFT_DETECTED.conditionReason()).isPresent();
    assertThat(SysctlReason.NAMESPACED_KEY.conditionReason()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "net.core.somaxconn,true", "net.ipv4.ip_forward,true", "kernel.shmmax,true",
        "kernel.shmall,true",
    "kernel.shm_rmid_forced,true", "kernel.msgmax,true", "kernel.msgmnb,true", "kernel.sem,true",
    "fs.mqueue.msg_max,true", "vm.swappiness,false", "kernel.printk,false", "kernel.semx,false",
    "fs.file-max,false", "kernel.pid_max,false"
  })
  void namespacedKeys(String name, boolean namespaced) {
    assertThat(SysctlKeys.isNamespaced(name)).isEqualTo(namespaced);
  }

  @Test
  void valuesAreComparedAsTheKernelPrintsThem() {
    assertThat(SysctlKeys.sameValue("32768\t60999\n", "32768 60999")).isTrue();
    assertThat(SysctlKeys.sameValue("4\t4\t1\t7\n", " 4  4 1 7 ")).isTrue();
    assertThat(SysctlKeys.sameValue("1\n", "1")).isTrue();
    assertThat(SysctlKeys.sameValue("10\n", "1")).isFalse();
    assertThat(SysctlKeys.sameValue(null, "1")).isFalse();
    assertThat(SysctlKeys.normalize("32000\t1024000000\t500\t32000\n"))
        .isEqualTo("32000 1024000000 500 32000");
  }

  @Test
  void pathsUseSlashesUnderProcSys() {
    assertThat(SysctlKeys.path("/proc/sys", "net.ipv4.ip_local_port_range"))
        .isEqualTo("/proc/sys/net/ipv4/ip_local_port_range");
    assertThat(SysctlKeys.path("/tmp/x/proc/sys/", "vm.swappiness"))
        .isEqualTo("/tmp/x/proc/sys/vm/swappiness");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "-",
      value = {"missing,NotFound", "readonly,NotWritable", "unreadable,NotReadable", "ok,-"})
  void hostFacts(String state, String reason) {
    String key = "vm.swappiness";
    LiveKey live =
        switch (state) {
          case "missing" -> LiveKey.missing(key);
          case "readonly" -> new LiveKey(key, true, false, "60");
          case "unreadable" -> new LiveKey(key, true, true, null);
          default -> LiveKey.of(key, "60");
        };
    SysctlValidation v =
        SysctlValidator.validate(List.of(DesiredSysctl.of(key, "10")), Map.of(key, live));
    assertThat(v.errors().stream().map(f -> f.reason().value()).findFirst())
        .isEqualTo(Optional.ofNullable(reason));
  }

  @Test
  void namespacedKeyIsAWarningNotAnError() {
    String key = "net.core.somaxconn";
    SysctlValidation v =
        SysctlValidator.validate(
            List.of(DesiredSysctl.of(key, "1024")), Map.of(key, LiveKey.of(key, "4096")));
    assertThat(v.ok()).isTrue();
    assertThat(v.warnings())
        .extracting(SysctlFinding::reason)
        .containsExactly(SysctlReason.NAMESPACED_KEY);
  }

  @Test
  void validatesAllBeforeAnyAndReportsEveryKey() {
    SysctlValidation v =
        SysctlValidator.validate(
            List.of(
                DesiredSysctl.of("vm.swappiness", "10"),
                DesiredSysctl.of("kernel.panic", "10"),
                DesiredSysctl.of("net/core/x", "1"),
                DesiredSysctl.of("vm.nope", "1"),
                DesiredSysctl.of("vm.swappiness", "20")),
            Map.of("vm.swappiness", LiveKey.of("vm.swappiness", "60")));
    assertThat(v.ok()).isFalse();
    assertThat(v.errors())
        .extracting(f -> f.name() + ":" + f.reason().value())
        .containsExactly(
            "kernel.panic:KubeletManaged",
            "net/core/x:InvalidName",
            "vm.nope:NotFound",
            "vm.swappiness:InvalidName");
  }
}
