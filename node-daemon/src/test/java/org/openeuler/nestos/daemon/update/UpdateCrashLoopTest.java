package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.ostree.testing.TestKeys;

/**
 * Kills the daemon before every single action of an update (a loop over the steps), restarts it
 * from the host record and InMemoryOsHost, and asserts exactly one forward reboot (and at most one
 * rollback reboot) per (node, revision), the right final state, and no further reboot after later
 * restarts. Prints a compact trace.
 */
class UpdateCrashLoopTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "healthy, true, UPDATED, 0, false",
    "unhealthy, false, ROLLED_BACK, 1, false",
    "signed-remote-keys, true, UPDATED, 0, true"
  })
  void crashBeforeEveryStep(
      String name, boolean healthy, UpdatePhase expected, int rollbacks, boolean signed) {
    ImagePolicy policy = signed ? UpdateRemoteKeysTest.remote(List.of(TestKeys.PUBLIC_KEY)) : null;
    UpdateHarness clean = new UpdateHarness();
    clean.healthy = healthy;
    clean.policy = policy;
    assertThat(clean.run()).isEqualTo(expected);
    int steps = clean.actionsRun;
    StringBuilder out =
        new StringBuilder("crash loop (" + name + "): " + steps + " actions in a clean run\n");
    for (int k = 1; k <= steps; k++) {
      UpdateHarness h = new UpdateHarness(k);
      h.healthy = healthy;
      h.policy = policy;
      UpdatePhase end = h.run();
      h.crashBefore = -1;
      String crash = String.join(", ", h.trace);
      h.restart();
      h.restart();
      h.run();
      out.append(
          String.format(
              "  k=%2d %-62s -> %-11s fwd=%d rb=%d reboots=%d (2 more restarts: %s)%n",
              k,
              crash,
              end,
              h.forwardReboots("r1"),
              h.rollbackReboots("r1"),
              h.fake.reboots(),
              h.phase()));
      assertThat(end).as("k=%d", k).isEqualTo(expected);
      assertThat(h.phase()).as("k=%d after restarts", k).isEqualTo(expected);
      assertThat(h.forwardReboots("r1")).as("k=%d forward", k).isEqualTo(1);
      assertThat(h.rollbackReboots("r1")).as("k=%d rollback", k).isEqualTo(rollbacks);
      assertThat(h.fake.reboots()).as("k=%d reboots", k).isEqualTo(1 + rollbacks);
      if (signed) {
        assertThat(h.fake.remotes()).as("k=%d remote", k).containsKey("nestos");
        assertThat(h.fake.status().booted().orElseThrow().imageReference())
            .startsWith("ostree-remote-registry:nestos:");
      }
    }
    System.out.print(out);
  }
}
