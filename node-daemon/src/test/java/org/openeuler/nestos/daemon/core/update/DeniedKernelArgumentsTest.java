package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.daemon.core.update.Specs.*;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.ostree.core.kargs.HostOwnedArguments;

/**
 * The daemon refuses every kernel argument on the one deny-list (the NodeConfig CRD's rule is
 * generated from the same {@link HostOwnedArguments}), including the ones that leave a node
 * unrecoverable (issue 11, item 5): the spec is Invalid and nothing is applied.
 */
class DeniedKernelArgumentsTest {

  /** The tokens issue 11 names, then every key and prefix of the list. */
  static Stream<String> denied() {
    return Stream.of(
            Stream.of(
                "init=/bin/sh",
                "rdinit=/bin/sh",
                "systemd.unit=rescue.target",
                "systemd.unit=emergency.target",
                "rd.break",
                "rd.shell",
                "rw",
                "rootflags=ro",
                "single",
                "emergency",
                "ostree.prepare-root.composefs=0",
                "mount.usr=/dev/sdb"),
            HostOwnedArguments.KEYS.stream().flatMap(k -> Stream.of(k, k + "=1")),
            HostOwnedArguments.KEY_PREFIXES.stream().map(p -> p + "x=1"))
        .flatMap(s -> s);
  }

  @ParameterizedTest
  @MethodSource("denied")
  void isRefusedBeforeAnythingIsApplied(String token) {
    NodeStateSpec spec =
        new NodeStateSpec(
            NODE,
            UID,
            "r1",
            NEW,
            "v2",
            null,
            List.of(
                new OwnedKernelArgument("quiet", List.of("NodeConfig/a")),
                new OwnedKernelArgument(token, List.of("NodeConfig/a"))),
            List.of(),
            null,
            null,
            null);
    assertThat(Desired.parse(spec))
        .isInstanceOfSatisfying(
            Desired.Invalid.class,
            i -> assertThat(i.reason()).contains("kernelArguments").contains("HostOwned"));
  }
}
