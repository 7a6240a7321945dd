package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KernelCommandLineTest {
  static final List<String> BASE = List.of("BOOT_IMAGE=/vmlinuz", "root=UUID=1", "ostree=/a");

  static List<String> line(String... extra) {
    return Stream.concat(BASE.stream(), Stream.of(extra)).toList();
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("nothing wanted, nothing removed", line(), List.of(), List.of(), null),
        Arguments.of(
            "every wanted token present",
            line("nosmt", "hugepages=4"),
            List.of("hugepages=4", "nosmt"),
            List.of(),
            null),
        Arguments.of(
            "a wanted token missing",
            line("nosmt"),
            List.of("nosmt", "hugepages=4"),
            List.of(),
            "without [hugepages=4]"),
        Arguments.of(
            "a changed value: the old one still there",
            line("hugepages=2"),
            List.of("hugepages=4"),
            List.of("hugepages=2"),
            "without [hugepages=4] and still with [hugepages=2]"),
        Arguments.of("a removed token gone", line(), List.of(), List.of("nosmt"), null),
        Arguments.of(
            "a removed token still there",
            line("nosmt"),
            List.of(),
            List.of("nosmt"),
            "still with [nosmt]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void mismatch(
      String name, List<String> line, List<String> wanted, List<String> removed, String want) {
    assertThat(KernelCommandLine.mismatch(line, wanted, removed)).isEqualTo(want);
  }
}
