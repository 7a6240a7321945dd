package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdateEvent;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;

/**
 * Issue 11 item 3: A -> B -> A -> B. Returning to a revision the node ran before is a new update
 * cycle under a new ticket and gets its own forward reboot; one ticket still never gets a second
 * forward reboot.
 */
class ReturnToEarlierRevisionTest {

  @Test
  void aToBToAToBUpdatesEveryTimeWithOneRebootPerMove() {
    UpdateHarness h = new UpdateHarness();
    List<String[]> moves =
        List.of(
            new String[] {"rA", Specs.NEW},
            new String[] {"rB", Specs.OLD},
            new String[] {"rA", Specs.NEW},
            new String[] {"rB", Specs.OLD});
    int reboots = 0;
    for (String[] move : moves) {
      h.revision = move[0];
      h.image = move[1];
      h.grantedBootId = null;
      h.operator(); // the new revision is rendered (the previous phase is terminal)
      assertThat(h.run()).as("move to %s: %s", move[0], h.trace).isEqualTo(UpdatePhase.UPDATED);
      reboots++;
      assertThat(h.fake.bootId()).isNotNull();
      assertThat(h.state().record().currentRevision()).isEqualTo(move[0]);
      assertThat(h.fake.status().booted().orElseThrow().imageReference()).endsWith(move[1]);
      assertThat(h.forwardReboots("rA") + h.forwardReboots("rB")).isEqualTo(reboots);
    }
  }

  @Test
  void theSameTicketNeverGetsASecondForwardReboot() {
    UpdateHarness h = new UpdateHarness();
    h.revision = "rA";
    h.image = Specs.NEW;
    assertThat(h.run()).isEqualTo(UpdatePhase.UPDATED);
    String grantedOn = h.grantedBootId;
    h.revision = "rB";
    h.image = Specs.OLD;
    h.grantedBootId = null;
    h.operator();
    assertThat(h.run()).isEqualTo(UpdatePhase.UPDATED);
    int before = h.forwardReboots("rA");
    // a replayed grant: rA's first ticket on the boot it was issued for (now long gone)
    h.spec = Specs.spec("rA", Specs.NEW, Specs.reboot(grantedOn, "rA"));
    h.deliver(new UpdateEvent.SpecChanged(h.spec, "rv"));
    assertThat(h.forwardReboots("rA")).isEqualTo(before);
  }
}
