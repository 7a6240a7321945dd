package org.openeuler.nestos.daemon.core.update;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the running kernel got the kernel arguments an update wanted (pure): every wanted token
 * on its command line, and none the update removed.
 */
final class KernelCommandLine {
  private KernelCommandLine() {}

  /**
   * What is wrong with {@code commandLine}, in words, or null when it carries every token of {@code
   * wanted} and none of {@code removed}.
   */
  static String mismatch(List<String> commandLine, List<String> wanted, List<String> removed) {
    List<String> missing = new ArrayList<>();
    for (String t : wanted) {
      if (!commandLine.contains(t)) {
        missing.add(t);
      }
    }
    List<String> stale = new ArrayList<>();
    for (String t : removed) {
      if (commandLine.contains(t)) {
        stale.add(t);
      }
    }
    if (missing.isEmpty() && stale.isEmpty()) {
      return null;
    }
    String out = missing.isEmpty() ? "" : "without " + missing;
    if (!stale.isEmpty()) {
      out += (out.isEmpty() ? "" : " and ") + "still with " + stale;
    }
    return out;
  }
}
