package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.daemon.core.update.Specs.*;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.daemon.core.update.UpdateEvent;
import org.openeuler.nestos.daemon.core.update.UpdateMachine;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.daemon.host.FakeHostFs;
import org.openeuler.nestos.ostree.core.rpmostree.RpmOstreeCommands;
import org.openeuler.nestos.ostree.host.RpmOstreeHost;
import org.openeuler.nestos.ostree.testing.RecordingCommandRunner;
import org.openeuler.nestos.ostree.testing.RecordingCommandRunner.Reply;
import org.openeuler.nestos.ostree.testing.RpmOstreeFixtures;

/**
 * The daemon on {@link RpmOstreeHost} (exact argv replayed) on a node where Zincati is registered
 * as rpm-ostree's update driver (fixture from rpm-ostree's status JSON, see the fixtures' README):
 * a Stage grant ends in {@code Degraded=True/UpdateDriverRegistered} naming the driver and what to
 * do, without running {@code rpm-ostree rebase}, and the same spec delivered again does not try
 * again (no failure loop).
 */
class UpdateDriverRegisteredTest {

  static final List<String> ZINCATI_STATE =
      List.of("systemctl", "show", "--property=ActiveState", "--value", "zincati.service");

  @Test
  void aRegisteredActiveZincatiIsAConditionNotAFailureLoop() throws Exception {
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .on(
                RpmOstreeCommands.status(),
                Reply.ok(RpmOstreeFixtures.read(RpmOstreeFixtures.CONTAINER_BOOTED_ZINCATI)))
            .on(ZINCATI_STATE, Reply.ok("active\n"))
            .on(RpmOstreeCommands.readBootId(), Reply.ok("boot-1\n"));
    List<NodeStateStatus> reports = new ArrayList<>();
    StatusSink sink =
        new StatusSink() {
          @Override
          public boolean claimTicket(String ticket, String rv) {
            return true;
          }

          @Override
          public void report(NodeStateStatus status) {
            reports.add(status);
          }
        };
    HostRecordStore store = new HostRecordStore(new FakeHostFs());
    UpdateExecutor executor =
        new UpdateExecutor(
            new RpmOstreeHost(runner), store, checks -> List.of(), sink, Clock.systemUTC());
    UpdateAgent agent = new UpdateAgent(new UpdateMachine(NODE, UID), executor);
    agent.start();

    var spec = spec("r1", NEW, stage("r1"));
    agent.handle(new UpdateEvent.SpecChanged(spec, "1"));

    assertThat(agent.state().phase()).isEqualTo(UpdatePhase.DEGRADED);
    Condition degraded =
        reports.get(reports.size() - 1).conditions().stream()
            .filter(c -> c.getType().equals("Degraded"))
            .findFirst()
            .orElseThrow();
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("UpdateDriverRegistered");
    assertThat(degraded.getMessage())
        .contains("driven by Zincati (zincati.service, active)")
        .contains("systemctl disable --now zincati.service")
        .contains("NESTOS_BYPASS_UPDATE_DRIVER=true");
    assertThat(runner.mutations()).as("no rebase was attempted").isEmpty();

    int calls = runner.calls().size();
    agent.handle(new UpdateEvent.Tick(java.time.Instant.now()));
    assertThat(runner.calls()).as("the periodic tick does not retry").hasSize(calls);

    // the admin disables Zincati and restarts the daemon: the stage goes through
    RecordingCommandRunner after =
        new RecordingCommandRunner()
            .on(
                RpmOstreeCommands.status(),
                Reply.ok(RpmOstreeFixtures.read(RpmOstreeFixtures.CONTAINER_BOOTED_ZINCATI)))
            .on(ZINCATI_STATE, Reply.ok("inactive\n"))
            .on(RpmOstreeCommands.readBootId(), Reply.ok("boot-1\n"));
    UpdateAgent restarted =
        new UpdateAgent(
            new UpdateMachine(NODE, UID),
            new UpdateExecutor(
                new RpmOstreeHost(after), store, checks -> List.of(), sink, Clock.systemUTC()));
    restarted.start();
    restarted.handle(new UpdateEvent.SpecChanged(spec, "3"));
    assertThat(after.mutations())
        .contains(
            List.of(
                "rpm-ostree",
                "rebase",
                "--lock-finalization",
                "ostree-unverified-registry:" + NEW));
  }
}
