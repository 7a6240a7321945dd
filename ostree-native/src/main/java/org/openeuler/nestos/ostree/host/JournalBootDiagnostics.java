package org.openeuler.nestos.ostree.host;

import java.time.Duration;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal.Failed;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal.NoJournal;

/**
 * {@link BootDiagnostics} from the host's systemd journal through the {@link CommandRunner} ({@code
 * journalctl --list-boots}, then the failed boot's warnings by its boot id); every decision is
 * {@link FailedBootJournal}'s. A missing journal, a failing or hanging command: the text says so,
 * nothing is thrown.
 */
public final class JournalBootDiagnostics implements BootDiagnostics {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final CommandRunner runner;

  public JournalBootDiagnostics(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public String failedBoot(String updateBootId, String currentBootId) {
    try {
      CommandResult boots = run(FailedBootJournal.listBootsCommand().toArray(String[]::new));
      if (!boots.ok()) {
        return FailedBootJournal.none("journalctl --list-boots failed: " + boots.stderr());
      }
      var choice =
          FailedBootJournal.failedBoot(
              FailedBootJournal.parseBoots(boots.stdout()), updateBootId, currentBootId);
      if (choice instanceof NoJournal n) {
        return FailedBootJournal.none(n.why());
      }
      String id = ((Failed) choice).bootId();
      CommandResult entries = run(FailedBootJournal.entriesCommand(id).toArray(String[]::new));
      if (!entries.ok()) {
        return FailedBootJournal.none("journalctl -b " + id + " failed: " + entries.stderr());
      }
      return FailedBootJournal.excerpt(id, entries.stdout());
    } catch (RuntimeException e) {
      return FailedBootJournal.none("reading the journal failed: " + e.getMessage());
    }
  }

  private CommandResult run(String... argv) {
    return runner.run(Command.of(argv).withTimeout(TIMEOUT));
  }
}
