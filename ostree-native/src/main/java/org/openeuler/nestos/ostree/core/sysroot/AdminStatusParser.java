package org.openeuler.nestos.ostree.core.sysroot;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of {@code ostree admin status} (ostree 2022.7, {@code
 * src/ostree/ot-admin-builtin-status.c}): one header line per deployment ({@code [* ]<osname>
 * <checksum>.<serial>[ (staged|pending|rollback)]}) followed by indented detail lines ({@code
 * Version:}, {@code Pinned: yes}, {@code origin refspec:}, ...).
 */
public final class AdminStatusParser {

  private static final Pattern HEADER =
      Pattern.compile(
          "^([* ]) (\\S+) ([0-9a-f]{64})\\.(\\d+)(?: \\((staged|pending|rollback)\\))?\\s*$");
  private static final Pattern DETAIL = Pattern.compile("^ {4}(\\S[^:]*): ?(.*)$");

  private AdminStatusParser() {}

  public static List<AdminDeployment> parse(String text) {
    List<AdminDeployment> out = new ArrayList<>();
    Builder current = null;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("No deployments")) {
        continue;
      }
      Matcher h = HEADER.matcher(line);
      if (h.matches()) {
        if (current != null) {
          out.add(current.build());
        }
        current =
            new Builder(
                out.size(),
                h.group(2),
                h.group(3),
                Integer.parseInt(h.group(4)),
                h.group(1).equals("*"),
                h.group(5));
        continue;
      }
      Matcher d = DETAIL.matcher(line);
      if (current == null || !d.matches()) {
        throw new IllegalArgumentException(
            "unexpected line in `ostree admin status` output: " + line);
      }
      switch (d.group(1)) {
        case "Version" -> current.version = d.group(2).strip();
        case "Pinned" -> current.pinned = d.group(2).strip().equals("yes");
        default -> {}
      }
    }
    if (current != null) {
      out.add(current.build());
    }
    return List.copyOf(out);
  }

  private static final class Builder {
    final int index;
    final String osname;
    final String checksum;
    final int serial;
    final boolean booted;
    final String marker;
    String version;
    boolean pinned;

    Builder(int index, String osname, String checksum, int serial, boolean booted, String marker) {
      this.index = index;
      this.osname = osname;
      this.checksum = checksum;
      this.serial = serial;
      this.booted = booted;
      this.marker = marker;
    }

    AdminDeployment build() {
      return new AdminDeployment(index, osname, checksum, serial, booted, marker, version, pinned);
    }
  }
}
