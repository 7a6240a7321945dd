package org.openeuler.nestos.ostree.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal.Boot;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal.Failed;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal.NoJournal;

class FailedBootJournalTest {

  static final String UPDATE = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";
  static final String HUNG = "1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b";
  static final String FALLBACK = "2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c";

  /** systemd 252 (Debian 12; NestOS 22.03 has 249, the same format). */
  static final String LIST_252 =
      "-2 "
          + UPDATE
          + " Mon 2026-12-07 10:00:00 UTC—Mon 2026-12-07 11:00:01 UTC\n"
          + "-1 "
          + HUNG
          + " Mon 2026-12-07 11:00:20 UTC—Mon 2026-12-07 11:02:00 UTC\n"
          + " 0 "
          + FALLBACK
          + " Mon 2026-12-07 11:09:00 UTC—Mon 2026-12-07 11:10:00 UTC\n";

  /** systemd 255 and later: a header line, the index right-aligned. */
  static final String LIST_255 =
      "IDX BOOT ID                          FIRST ENTRY                 LAST ENTRY\n"
          + " -1 "
          + HUNG
          + " Mon 2026-12-07 11:00:20 UTC Mon 2026-12-07 11:02:00 UTC\n"
          + "  0 "
          + FALLBACK
          + " Mon 2026-12-07 11:09:00 UTC Mon 2026-12-07 11:10:00 UTC\n";

  @Test
  void bothListFormatsParseToBootsInOffsetOrder() {
    assertThat(FailedBootJournal.parseBoots(LIST_252))
        .containsExactly(new Boot(-2, UPDATE), new Boot(-1, HUNG), new Boot(0, FALLBACK));
    assertThat(FailedBootJournal.parseBoots(LIST_255))
        .containsExactly(new Boot(-1, HUNG), new Boot(0, FALLBACK));
    assertThat(FailedBootJournal.parseBoots("No journal files were found.\n")).isEmpty();
    assertThat(FailedBootJournal.parseBoots(null)).isEmpty();
  }

  @Test
  void theFailedBootIsTheOneBeforeTheFallbackBootWhoseIdHasDashesInProc() {
    String current = "2c2c2c2c-2c2c-2c2c-2c2c-2c2c2c2c2c2c";
    var boots = FailedBootJournal.parseBoots(LIST_252);
    assertThat(FailedBootJournal.failedBoot(boots, UPDATE, current)).isEqualTo(new Failed(HUNG));
    assertThat(FailedBootJournal.failedBoot(boots, null, current)).isEqualTo(new Failed(HUNG));
  }

  @Test
  void aBootBeforeTheFallbackThatIsTheUpdatesOwnBootIsNoJournalOfTheFailedBoot() {
    // the hung boots never reached journald's flush to /var: the boot before is the update's one
    var boots = List.of(new Boot(-1, UPDATE), new Boot(0, FALLBACK));
    assertThat(FailedBootJournal.failedBoot(boots, UPDATE, FALLBACK))
        .isInstanceOf(NoJournal.class)
        .extracting(c -> ((NoJournal) c).why())
        .asString()
        .contains("rebooted from");
  }

  @Test
  void aVolatileJournalOrOneWithoutTheCurrentBootNamesNoBoot() {
    assertThat(FailedBootJournal.failedBoot(List.of(new Boot(0, FALLBACK)), UPDATE, FALLBACK))
        .isInstanceOf(NoJournal.class);
    assertThat(FailedBootJournal.failedBoot(List.of(), UPDATE, FALLBACK))
        .isInstanceOf(NoJournal.class);
    assertThat(FailedBootJournal.failedBoot(List.of(new Boot(-1, HUNG)), UPDATE, null))
        .isInstanceOf(NoJournal.class);
  }

  @Test
  void theEntriesCommandNamesTheBootByIdAndBoundsLinesAndPriority() {
    assertThat(FailedBootJournal.entriesCommand("1b1b1b1b-1b1b-1b1b-1b1b-1b1b1b1b1b1b"))
        .containsSequence("-b", HUNG)
        .containsSequence("-p", "warning")
        .containsSequence("-n", "20")
        .contains("--no-pager");
    assertThat(FailedBootJournal.listBootsCommand()).startsWith("journalctl", "--list-boots");
  }

  @Test
  void theExcerptKeepsTheLastLinesWithinTheBound() {
    String journal =
        IntStream.range(0, 40)
            .mapToObj(
                i ->
                    "2026-12-07T11:01:" + i + "+0000 node kernel: line " + i + " " + "x".repeat(60))
            .collect(Collectors.joining("\n"));
    String text = FailedBootJournal.excerpt(HUNG, journal);
    assertThat(text).startsWith(FailedBootJournal.MARK + HUNG);
    assertThat(text.length()).isLessThanOrEqualTo(FailedBootJournal.MAX_CHARS);
    assertThat(text).contains("line 39").doesNotContain("line 0 ").contains("earlier left out");
    assertThat(text.split("\n").length - 1).isLessThanOrEqualTo(FailedBootJournal.MAX_LINES);
  }

  @Test
  void theExcerptDropsControlCharactersAndCutsOverlongLines() {
    String text =
        FailedBootJournal.excerpt(HUNG, "a\u001b[31mred\u0007\n" + "y".repeat(1000) + "\n\n");
    assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007").contains("a [31mred");
    assertThat(text.lines().mapToInt(String::length).max().orElseThrow())
        .isLessThanOrEqualTo(FailedBootJournal.MAX_LINE_CHARS);
    assertThat(text).contains("last 2 lines").doesNotContain("left out");
  }

  @Test
  void aBootWithoutWarningsSaysSo() {
    assertThat(FailedBootJournal.excerpt(HUNG, "")).endsWith("): no entries");
  }

  @Test
  void noJournalIsOneBoundedLine() {
    assertThat(FailedBootJournal.none("Data from the specified boot\nis not available"))
        .isEqualTo("no journal of the failed boot: Data from the specified boot is not available");
    assertThat(FailedBootJournal.none(null)).isEqualTo(FailedBootJournal.NONE);
    assertThat(FailedBootJournal.none("z".repeat(5000)).length())
        .isEqualTo(FailedBootJournal.MAX_CHARS);
  }
}
