package org.openeuler.nestos.ostree.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.ostree.core.boot.BootCounting.Outcome;

class BootCountingTest {

  @ParameterizedTest(name = "boot_counter={0}, armed {1} -> {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "null, 3, NOT_ARMED",
        "null, null, NOT_ARMED",
        "2, 3, TRIAL",
        "0, 3, TRIAL",
        "-1, 3, FALLBACK",
        "-1, null, FALLBACK",
        "3, 3, NOT_COUNTING",
        "2, null, TRIAL",
        "-2, 3, INVALID",
        "x, 3, INVALID",
      })
  void classify(String counter, Integer armed, Outcome expected) {
    Map<String, String> env =
        counter == null
            ? Map.of("boot_success", "0")
            : Map.of("boot_counter", counter, "boot_success", "0");
    assertThat(BootCounting.classify(env, armed)).isEqualTo(expected);
  }

  @Test
  void everyBootOfAHungUpdateIsClassifiedAsGrubLeavesIt() {
    Map<String, String> env = BootCounting.armed(2);
    env = GrubBootCounting.boot(env).envAfter();
    assertThat(BootCounting.classify(env, 2)).isEqualTo(Outcome.TRIAL);
    env = GrubBootCounting.boot(env).envAfter();
    assertThat(BootCounting.classify(env, 2)).isEqualTo(Outcome.TRIAL);
    env = GrubBootCounting.boot(env).envAfter();
    assertThat(BootCounting.classify(env, 2)).isEqualTo(Outcome.FALLBACK);
  }

  @Test
  void armingTakesOneToNinetyNineAttemptsAndResetsTheSuccessFlag() {
    assertThat(BootCounting.armed(3))
        .containsExactlyInAnyOrderEntriesOf(Map.of("boot_counter", "3", "boot_success", "0"));
    assertThatThrownBy(() -> BootCounting.armed(0)).hasMessageContaining("1..99");
    assertThatThrownBy(() -> BootCounting.armed(100)).hasMessageContaining("1..99");
  }
}
