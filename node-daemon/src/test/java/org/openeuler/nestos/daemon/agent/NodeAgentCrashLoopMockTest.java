package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.daemon.update.UpdateAgent;

/**
 * Kill-and-restart at every step: for each action k of a clean update, a daemon is killed just
 * before its k-th action and a new one is started on the same host (record, InMemoryOsHost, files).
 * Exactly one forward reboot per (node, revision), the update ends Updated, and a restart after the
 * completed reboot reboots nothing.
 */
class NodeAgentCrashLoopMockTest {

  static TestApiServer server;
  @TempDir Path tmp;

  @BeforeAll
  static void up() {
    server = TestApiServer.start();
  }

  @AfterAll
  static void down() {
    server.close();
  }

  /** Thrown before an action to simulate the process dying there. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("crash", null, false, false);
    }
  }

  record Outcome(
      UpdatePhase phase, int reboots, int restarts, List<String> actions, String killedAt) {}

  /**
   * Plays the operator until the node is Updated or a deadline; restarts the daemon whenever it
   * died.
   */
  Outcome run(DaemonFixture f, int crashBefore) throws Exception {
    AtomicInteger actions = new AtomicInteger();
    List<String> names = new ArrayList<>();
    UpdateAgent.StepListener listener =
        a -> {
          int n = actions.incrementAndGet();
          synchronized (names) {
            names.add(a.getClass().getSimpleName());
          }
          if (n == crashBefore) {
            synchronized (names) {
              names.add("KILLED:" + a.getClass().getSimpleName());
            }
            throw new Crash();
          }
        };
    f.start(listener);
    f.create(f.spec("r1", Specs.stage("r1"), FailureAction.RollbackNode, List.of(), null));
    boolean granted = false;
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (f.agent.crashed()) {
        f.kill();
        f.start(listener);
      }
      NodeState ns = f.get();
      if (!granted && ns.getStatus() != null && "r1".equals(ns.getStatus().stagedRevision())) {
        f.operatorGrant(ns.getStatus().bootID(), "r1");
        granted = true;
      }
      if (f.agent.updateState().phase() == UpdatePhase.UPDATED
          && "True/UpToDate".equals(DaemonFixture.condition(ns, "Updated"))) {
        break;
      }
      Thread.sleep(20);
    }
    int restarts = f.starts - 1;
    UpdatePhase phase = f.agent.updateState().phase();
    int reboots = f.fake.reboots();
    // one more restart after the completed reboot: nothing may reboot again
    f.kill();
    f.start(null);
    Thread.sleep(300);
    f.agent.drain();
    assertThat(f.fake.reboots())
        .as("no second reboot after a restart that follows the completed reboot")
        .isEqualTo(reboots);
    assertThat(f.agent.updateState().phase()).isEqualTo(UpdatePhase.UPDATED);
    String killed =
        names.stream()
            .filter(x -> x.startsWith("KILLED:"))
            .map(x -> x.substring(7))
            .findFirst()
            .orElse(null);
    return new Outcome(
        phase,
        reboots,
        restarts,
        names.stream().filter(x -> !x.startsWith("KILLED:")).toList(),
        killed);
  }

  @Test
  void exactlyOneForwardRebootWhateverStepTheDaemonDiesAt() throws Exception {
    int steps;
    try (DaemonFixture clean = new DaemonFixture(server, tmp)) {
      Outcome o = run(clean, -1);
      assertThat(o.phase()).isEqualTo(UpdatePhase.UPDATED);
      assertThat(o.reboots()).isEqualTo(1);
      steps = o.actions().size();
      System.out.printf("clean run: %d actions %s%n", steps, o.actions());
    }
    int killed = 0;
    for (int k = 1; k <= 40; k++) {
      try (DaemonFixture f = new DaemonFixture(server, tmp)) {
        Outcome o = run(f, k);
        System.out.printf(
            "kill before action #%-2d %-18s restarts=%d forward reboots(r1)=%d final=%s "
                + "rollbacks=%d%n",
            k,
            o.killedAt() == null ? "(not reached)" : o.killedAt(),
            o.restarts(),
            o.reboots(),
            o.phase(),
            f.fake.calls().stream().filter(c -> c.startsWith("rollback")).count());
        assertThat(o.phase()).as("kill before #%d", k).isEqualTo(UpdatePhase.UPDATED);
        assertThat(o.reboots()).as("forward reboots, kill before #%d", k).isEqualTo(1);
        if (o.killedAt() == null) {
          break;
        }
        killed++;
        assertThat(o.restarts()).as("kill before #%d", k).isGreaterThanOrEqualTo(1);
      }
    }
    System.out.printf(
        "killed and restarted at %d distinct steps (clean run: %d actions)%n", killed, steps);
    assertThat(killed).isGreaterThanOrEqualTo(steps - 2);
  }
}
