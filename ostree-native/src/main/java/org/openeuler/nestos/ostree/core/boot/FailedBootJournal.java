package org.openeuler.nestos.ostree.core.boot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The journal of a boot GRUB gave up on (docs/boot-counting.md), pure: the {@code journalctl}
 * argument lists, which boot of {@code journalctl --list-boots} is the failed one, and the bounded
 * excerpt of its warnings that goes into the node's status. Every text it returns starts with
 * {@link #MARK} or {@link #NONE}.
 */
public final class FailedBootJournal {

  /** Lines of the failed boot's journal asked for and kept at most. */
  public static final int MAX_LINES = 20;

  /** Characters of the whole text at most (the status condition message is bounded to 1 KiB). */
  public static final int MAX_CHARS = 768;

  /** Characters of one journal line at most. */
  static final int MAX_LINE_CHARS = 240;

  /** The start of an excerpt. */
  public static final String MARK = "journal of the failed boot ";

  /** The start of the text when there is no excerpt. */
  public static final String NONE = "no journal of the failed boot";

  private static final Pattern OFFSET = Pattern.compile("[-+]?\\d+");
  private static final Pattern BOOT_ID = Pattern.compile("[0-9a-f]{32}");

  private FailedBootJournal() {}

  /** One boot the journal holds: its offset (0 the current boot, -1 the one before) and its id. */
  public record Boot(int offset, String id) {}

  /** {@code journalctl --list-boots}: every boot the journal holds. */
  public static List<String> listBootsCommand() {
    return List.of("journalctl", "--list-boots", "--no-pager");
  }

  /** The last {@link #MAX_LINES} entries of boot {@code bootId} at priority warning or above. */
  public static List<String> entriesCommand(String bootId) {
    return List.of(
        "journalctl",
        "-b",
        normalize(bootId),
        "-p",
        "warning",
        "-n",
        Integer.toString(MAX_LINES),
        "--no-pager",
        "-q",
        "-o",
        "short-iso");
  }

  /**
   * The boots of a {@code journalctl --list-boots} output (systemd 249-254 without, 255 and later
   * with a header line), in offset order; lines that name no boot are skipped.
   */
  public static List<Boot> parseBoots(String listBoots) {
    List<Boot> boots = new ArrayList<>();
    for (String line : listBoots == null ? new String[0] : listBoots.split("\n")) {
      String[] tokens = line.strip().split("\\s+");
      if (tokens.length >= 2
          && OFFSET.matcher(tokens[0]).matches()
          && BOOT_ID.matcher(tokens[1].toLowerCase(Locale.ROOT)).matches()) {
        boots.add(new Boot(Integer.parseInt(tokens[0]), tokens[1].toLowerCase(Locale.ROOT)));
      }
    }
    boots.sort(Comparator.comparingInt(Boot::offset));
    return List.copyOf(boots);
  }

  /** Which boot failed, or why none can be named. */
  public sealed interface Choice {}

  /** The boot whose journal to read. */
  public record Failed(String bootId) implements Choice {}

  /** No boot of the journal is the failed one: {@code why}. */
  public record NoJournal(String why) implements Choice {}

  /**
   * The failed boot: the boot listed right before the current one (the fallback boot), unless that
   * is the boot the update's reboot was issued from ({@code updateBootId}; null when unknown): then
   * the failed boots left nothing in the journal (a hang before journald wrote to disk).
   */
  public static Choice failedBoot(List<Boot> boots, String updateBootId, String currentBootId) {
    String current = normalize(currentBootId);
    int at = -1;
    for (int i = 0; i < boots.size(); i++) {
      if (boots.get(i).id().equals(current)) {
        at = i;
      }
    }
    if (at < 0) {
      return new NoJournal("the journal does not hold the current boot " + current);
    }
    if (at == 0) {
      return new NoJournal("the journal holds no boot before the current one (not persistent?)");
    }
    Boot before = boots.get(at - 1);
    if (updateBootId != null && before.id().equals(normalize(updateBootId))) {
      return new NoJournal(
          "the boot before this one is the one the update rebooted from: the failed boots wrote"
              + " nothing to the journal");
    }
    return new Failed(before.id());
  }

  /**
   * The status text for the entries {@code journal} of boot {@code bootId}: the last lines that fit
   * {@link #MAX_CHARS}, control characters removed, each line at most {@link #MAX_LINE_CHARS}.
   */
  public static String excerpt(String bootId, String journal) {
    List<String> lines = new ArrayList<>();
    for (String line : journal == null ? new String[0] : journal.split("\n")) {
      String clean = line.replaceAll("\\p{Cntrl}", " ").strip();
      if (!clean.isEmpty()) {
        lines.add(
            clean.length() > MAX_LINE_CHARS
                ? clean.substring(0, MAX_LINE_CHARS - 3) + "..."
                : clean);
      }
    }
    String head = MARK + normalize(bootId) + " (priority warning and above";
    if (lines.isEmpty()) {
      return head + "): no entries";
    }
    List<String> kept = new ArrayList<>();
    int left = MAX_CHARS - head.length() - 40;
    for (int i = lines.size() - 1; i >= 0 && kept.size() < MAX_LINES; i--) {
      String l = lines.get(i);
      if (l.length() + 1 > left) {
        break;
      }
      kept.add(0, l);
      left -= l.length() + 1;
    }
    int dropped = lines.size() - kept.size();
    return head
        + ", last "
        + kept.size()
        + " lines"
        + (dropped > 0 ? ", " + dropped + " earlier left out" : "")
        + "):\n"
        + String.join("\n", kept);
  }

  /** The status text when the failed boot's journal cannot be read: {@code why}, bounded. */
  public static String none(String why) {
    String flat = why == null ? "" : why.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    String text = flat.isEmpty() ? NONE : NONE + ": " + flat;
    return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS - 3) + "..." : text;
  }

  /** A boot id as journalctl prints it: 32 lower-case hex digits ({@code boot_id} has dashes). */
  public static String normalize(String bootId) {
    return bootId == null ? null : bootId.replace("-", "").strip().toLowerCase(Locale.ROOT);
  }
}
