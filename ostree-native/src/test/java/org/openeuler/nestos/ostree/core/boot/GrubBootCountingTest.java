package org.openeuler.nestos.ostree.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The GRUB semantics of boot counting (Fedora's 08_fallback_counting + 10_reset_boot_success). */
class GrubBootCountingTest {

  static Map<String, String> env(String counter, String success) {
    Map<String, String> env = new LinkedHashMap<>();
    if (counter != null) {
      env.put("boot_counter", counter);
    }
    if (success != null) {
      env.put("boot_success", success);
    }
    return env;
  }

  @ParameterizedTest(name = "boot_counter={0} boot_success={1} -> entry {2}, counter {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        // armed: decremented, the new deployment boots
        "3, 0, 0, 2",
        "1, 0, 0, 0",
        // out of attempts: the rollback entry, counter -1 (sticky)
        "0, 0, 1, -1",
        "-1, 0, 1, -1",
        // boot_success=1 (or unset): no counting on this boot, counter untouched
        "3, 1, 0, 3",
        "0, 1, 0, 0",
        "3, null, 0, 3",
        // no counter: nothing happens
        "null, 0, 0, null",
        "null, 1, 0, null",
        // values GRUB never falls back from
        "-2, 0, 0, -3",
        "abc, 0, 0, abc",
      })
  void oneBoot(String counter, String success, int entry, String counterAfter) {
    GrubBootCounting.Boot boot = GrubBootCounting.boot(env(counter, success));
    assertThat(boot.entry()).isEqualTo(entry);
    assertThat(boot.envAfter().get("boot_counter")).isEqualTo(counterAfter);
    // 10_reset_boot_success: every boot leaves boot_success=0 for userspace
    assertThat(boot.envAfter()).containsEntry("boot_success", "0");
  }

  @Test
  void threeArmedAttemptsThatNeverReachUserspaceEndOnTheRollbackEntryFromTheFourthBoot() {
    Map<String, String> env = BootCounting.armed(3);
    List<String> seen = new ArrayList<>();
    List<Integer> entries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      GrubBootCounting.Boot boot = GrubBootCounting.boot(env);
      entries.add(boot.entry());
      seen.add(boot.envAfter().get("boot_counter"));
      env = boot.envAfter(); // the boot hangs before userspace: nobody touches the block
    }
    assertThat(entries).containsExactly(0, 0, 0, 1, 1, 1);
    assertThat(seen).containsExactly("2", "1", "0", "-1", "-1", "-1");
  }

  @Test
  void aBootMarkedGoodStopsTheCounting() {
    Map<String, String> env =
        new LinkedHashMap<>(GrubBootCounting.boot(BootCounting.armed(3)).envAfter());
    // the health gate passed: the daemon's markSuccess
    env.remove("boot_counter");
    env.put("boot_success", "1");
    for (int i = 0; i < 5; i++) {
      GrubBootCounting.Boot boot = GrubBootCounting.boot(env);
      assertThat(boot.entry()).isZero();
      env = boot.envAfter();
    }
    assertThat(env).doesNotContainKey("boot_counter");
  }
}
