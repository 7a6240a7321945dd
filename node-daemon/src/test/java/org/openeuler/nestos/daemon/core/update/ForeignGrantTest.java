package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.daemon.core.update.Specs.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.Tickets;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.daemon.core.update.UpdateAction.ClaimTicket;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.HostObserved;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.Restarted;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.SpecChanged;

/**
 * Issue 11 item 4: a hand-written Reboot grant (a made-up ticket with the current boot id and
 * revision) is never claimed; only the ticket the operator issues for the grant's fields is.
 */
class ForeignGrantTest {

  static final UpdateMachine M = new UpdateMachine(NODE, UID);

  static UpdateState staged() {
    UpdateState s =
        M.apply(UpdateState.initial(), new Restarted(null, UpdateMachineTableTest.OS0, "b1"))
            .state();
    s = M.apply(s, new SpecChanged(spec("r1", NEW, stage("r1")), "rv")).state();
    s = M.apply(s, new HostObserved(UpdateMachineTableTest.OS_STAGED, "b1")).state();
    assertThat(s.phase()).isEqualTo(UpdatePhase.STAGED);
    return s;
  }

  static boolean claims(Transition t) {
    return t.actions().stream().anyMatch(a -> a instanceof ClaimTicket);
  }

  @Test
  void aMadeUpTicketForTheCurrentBootAndRevisionIsNotClaimed() {
    Transition t =
        M.apply(staged(), new SpecChanged(spec("r1", NEW, reboot("made-up", "b1", "r1")), "rv2"));
    assertThat(claims(t)).isFalse();
    assertThat(t.state().phase()).isEqualTo(UpdatePhase.STAGED);
    assertThat(t.state().reason().text()).contains("made-up");
  }

  @Test
  void aTicketIssuedForAnotherOsVersionOrNodeIsNotClaimed() {
    for (String ticket :
        List.of(
            Tickets.of("other", Disruption.Allowed.Reboot, UID, "b1", "r1"),
            Tickets.of("osv", Disruption.Allowed.Reboot, "uid-other", "b1", "r1"),
            Tickets.of("osv", Disruption.Allowed.Stage, UID, "b1", "r1"))) {
      Transition t =
          M.apply(staged(), new SpecChanged(spec("r1", NEW, reboot(ticket, "b1", "r1")), "rv2"));
      assertThat(claims(t)).as(ticket).isFalse();
    }
  }

  @Test
  void theOperatorsTicketIsClaimed() {
    Transition t = M.apply(staged(), new SpecChanged(spec("r1", NEW, reboot("b1", "r1")), "rv2"));
    assertThat(claims(t)).isTrue();
    assertThat(t.state().phase()).isEqualTo(UpdatePhase.CLAIMING);
  }
}
