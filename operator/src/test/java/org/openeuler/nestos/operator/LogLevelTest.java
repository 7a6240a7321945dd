package org.openeuler.nestos.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLevelTest {

  @Test
  void theChartsVariableOrTheFlagNamesTheLevel() {
    assertThat(LogLevel.requested(Map.of())).isNull();
    assertThat(LogLevel.requested(Map.of("NESTOS_LOG_LEVEL", "DEBUG"))).isEqualTo("debug");
    assertThat(LogLevel.requested(Map.of("NESTOS_LOG_LEVEL", "debug"), "--log-level=warn"))
        .isEqualTo("warn");
    assertThatThrownBy(() -> LogLevel.requested(Map.of("NESTOS_LOG_LEVEL", "verbose")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NESTOS_LOG_LEVEL");
  }

  @Test
  void aLevelGivenToTheJvmWins() {
    String before = System.getProperty(LogLevel.PROPERTY);
    try {
      System.setProperty(LogLevel.PROPERTY, "error");
      assertThat(LogLevel.apply(Map.of("NESTOS_LOG_LEVEL", "debug"))).isEqualTo("error");
      assertThat(System.getProperty(LogLevel.PROPERTY)).isEqualTo("error");
      System.clearProperty(LogLevel.PROPERTY);
      assertThat(LogLevel.apply(Map.of("NESTOS_LOG_LEVEL", "debug"))).isEqualTo("debug");
      assertThat(System.getProperty(LogLevel.PROPERTY)).isEqualTo("debug");
    } finally {
      if (before == null) {
        System.clearProperty(LogLevel.PROPERTY);
      } else {
        System.setProperty(LogLevel.PROPERTY, before);
      }
    }
  }
}
