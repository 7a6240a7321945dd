package org.openeuler.nestos.ostree.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal;
import org.openeuler.nestos.ostree.testing.RecordingCommandRunner;
import org.openeuler.nestos.ostree.testing.RecordingCommandRunner.Reply;

class JournalBootDiagnosticsTest {

  static final String UPDATE = "0a0a0a0a-0a0a-0a0a-0a0a-0a0a0a0a0a0a";
  static final String HUNG = "1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b";
  static final String FALLBACK = "2c2c2c2c-2c2c-2c2c-2c2c-2c2c2c2c2c2c";
  static final String LIST =
      "-2 0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a Mon 2026-12-07 10:00:00 UTC—Mon 2026-12-07 11:00:01 UTC\n"
          + "-1 "
          + HUNG
          + " Mon 2026-12-07 11:00:20 UTC—Mon 2026-12-07 11:02:00 UTC\n"
          + " 0 2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c Mon 2026-12-07 11:09:00 UTC—Mon 2026-12-07 11:10:00 UTC\n";

  @Test
  void readsTheWarningsOfTheBootBeforeTheFallbackByItsId() {
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .on(FailedBootJournal.listBootsCommand(), Reply.ok(LIST))
            .on(
                FailedBootJournal.entriesCommand(HUNG),
                Reply.ok("2026-12-07T11:01:59+0000 node kernel: Kernel panic - not syncing\n"));

    String text = new JournalBootDiagnostics(runner).failedBoot(UPDATE, FALLBACK);

    assertThat(text).startsWith(FailedBootJournal.MARK + HUNG).contains("Kernel panic");
    assertThat(runner.argvs())
        .containsExactly(
            FailedBootJournal.listBootsCommand(), FailedBootJournal.entriesCommand(HUNG));
  }

  @Test
  void noPersistentJournalIsReportedNotThrown() {
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .on(
                FailedBootJournal.listBootsCommand(),
                Reply.ok(" 0 2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c Mon 2026-12-07 11:09:00 UTC—now\n"));
    String text = new JournalBootDiagnostics(runner).failedBoot(UPDATE, FALLBACK);
    assertThat(text).startsWith(FailedBootJournal.NONE).contains("no boot before");
    assertThat(runner.argvs()).hasSize(1);
  }

  @Test
  void failingCommandsAndAMissingJournalctlAreReportedNotThrown() {
    RecordingCommandRunner failing =
        new RecordingCommandRunner()
            .on(
                FailedBootJournal.listBootsCommand(),
                Reply.fail(1, "No journal files were found."));
    assertThat(new JournalBootDiagnostics(failing).failedBoot(UPDATE, FALLBACK))
        .startsWith(FailedBootJournal.NONE)
        .contains("No journal files were found.");

    RecordingCommandRunner entriesFail =
        new RecordingCommandRunner()
            .on(FailedBootJournal.listBootsCommand(), Reply.ok(LIST))
            .on(
                FailedBootJournal.entriesCommand(HUNG),
                Reply.fail(1, "Data from the specified boot is not available"));
    assertThat(new JournalBootDiagnostics(entriesFail).failedBoot(UPDATE, FALLBACK))
        .startsWith(FailedBootJournal.NONE)
        .contains("not available");

    CommandRunner missing =
        c -> {
          throw new IllegalStateException("journalctl: No such file or directory");
        };
    assertThat(new JournalBootDiagnostics(missing).failedBoot(UPDATE, FALLBACK))
        .startsWith(FailedBootJournal.NONE)
        .contains("No such file");
  }
}
