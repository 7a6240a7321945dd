package org.openeuler.nestos.ostree.core.sysroot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixtures are verbatim {@code ostree admin status} output of Debian ostree 2022.7 on this machine.
 */
class AdminStatusParserTest {

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void parsesDeploymentsInBootOrder() {
    List<AdminDeployment> d =
        AdminStatusParser.parse(
            "  nestos "
                + A
                + ".1\n    Version: 2\n    origin: <unknown origin type>\n"
                + "* nestos "
                + B
                + ".0 (rollback)\n    Version: 1\n    Pinned: yes\n    origin refspec: "
                + B
                + "\n");
    assertThat(d)
        .containsExactly(
            new AdminDeployment(0, "nestos", A, 1, false, null, "2", false),
            new AdminDeployment(1, "nestos", B, 0, true, "rollback", "1", true));
    assertThat(d.get(1).id()).isEqualTo(B + ".0");
  }

  @Test
  void noDeployments() {
    assertThat(AdminStatusParser.parse("No deployments.\n")).isEmpty();
  }

  @Test
  void bootEntryOptions() {
    BootEntries e =
        BootEntries.parse(
                "title NestOS 2 (ostree:1)\nversion 1\noptions root=/dev/x foo=1 "
                    + "ostree=/ostree/boot.0/nestos/ff/1 bar=2\nlinux /x\n")
            .orElseThrow();
    assertThat(e.deploymentIndex()).isEqualTo(1);
    assertThat(e.userOptions()).containsExactly("root=/dev/x", "foo=1", "bar=2");
  }
}
