package org.openeuler.nestos.daemon.agent;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.update.UpdateAgent;

/**
 * A daemon stopped (SIGTERM, a restart) while an update step runs ends that step with an error: its
 * executor refuses new work, its client closes. That is the stop, not a crash. Taken for one, the
 * simulated DaemonSet restarted the next daemon, whose stop failed its step too: a crash loop that
 * held a node's grant until the rollout gave up (chaos seeds 622 and 628, docs/chaos.md).
 */
class DaemonStopMockTest {

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

  @Test
  void aStepEndedByTheDaemonsStopIsNotACrash() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      AtomicInteger fatal = new AtomicInteger();
      f.onFatal = fatal::incrementAndGet;
      CountDownLatch inStep = new CountDownLatch(1);
      AtomicBoolean armed = new AtomicBoolean();
      UpdateAgent.StepListener stepUntilStopped =
          a -> {
            if (!armed.get()) {
              return;
            }
            inStep.countDown();
            try {
              Thread.sleep(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted: the daemon is stopping", e);
            }
          };
      NodeAgent agent = f.start(stepUntilStopped);
      armed.set(true);
      f.create(f.spec("r1", Specs.stage("r1"), FailureAction.RollbackNode, List.of(), null));
      assertThat(inStep.await(10, SECONDS)).as("an update step started").isTrue();

      f.kill();

      assertThat(agent.crashed()).as("the daemon's stop taken for a crash").isFalse();
      assertThat(fatal).as("fatal path runs (the process would exit 1)").hasValue(0);
    }
  }

  /** The other side: the same failure while the daemon runs is fatal (the process restarts). */
  @Test
  void theSameFailureWhileTheDaemonRunsIsFatal() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      AtomicInteger fatal = new AtomicInteger();
      f.onFatal = fatal::incrementAndGet;
      NodeAgent agent =
          f.start(
              a -> {
                throw new IllegalStateException("a step failed");
              });
      f.create(f.spec("r1", Specs.stage("r1"), FailureAction.RollbackNode, List.of(), null));

      await().atMost(Duration.ofSeconds(10)).until(agent::crashed);
      assertThat(fatal).hasValue(1);
    }
  }
}
