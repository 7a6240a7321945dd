package org.openeuler.nestos.daemon.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads of real multi-character procfs sysctls return the whole value (read-only test). */
class RootedHostFsProcSysIT {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/proc/sys/net/ipv4/ip_local_port_range",
        "/proc/sys/kernel/printk",
        "/proc/sys/kernel/sem",
        "/proc/sys/vm/swappiness",
        "/proc/sys/kernel/pid_max"
      })
  void readsTheWholeValue(String file) throws IOException {
    assumeThat(Files.isReadable(Path.of(file))).isTrue();
    String expected;
    try (FileInputStream in = new FileInputStream(file)) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(new RootedHostFs(Path.of("/")).read(file)).contains(expected);
    assertThat(expected).endsWith("\n");
  }
}
