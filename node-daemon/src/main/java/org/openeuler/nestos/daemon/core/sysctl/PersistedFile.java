package org.openeuler.nestos.daemon.core.sysctl;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The project's one file under {@code /etc/sysctl.d/}: a header, then per key (sorted) a comment
 * naming the owners and a {@code key = value} line, so systemd-sysctl applies the same values at
 * boot.
 */
public final class PersistedFile {

  /** Default location; the applier makes it configurable. */
  public static final String DEFAULT_PATH = "/etc/sysctl.d/90-nestos-operator.conf";

  static final String HEADER =
      """
      # Managed by the NestOS operator (node-daemon) from the NodeConfigs selecting this node.
      # Do not edit: rewritten on every change; keys no NodeConfig sets any more are restored to their originals.
      """;

  private PersistedFile() {}

  /** The file content for a desired set (sorted by key, values without surrounding whitespace). */
  public static String render(List<DesiredSysctl> desired) {
    StringBuilder sb = new StringBuilder(HEADER);
    desired.stream()
        .sorted(Comparator.comparing(DesiredSysctl::name))
        .forEach(
            d -> {
              sb.append('\n');
              if (!d.owners().isEmpty()) {
                sb.append("# ").append(String.join(", ", d.owners())).append('\n');
              }
              sb.append(d.name()).append(" = ").append(d.writeValue()).append('\n');
            });
    return sb.toString();
  }

  /** Key to value of a persisted file ({@code #}/{@code ;} comments and blank lines skipped). */
  public static Map<String, String> parse(String content) {
    Map<String, String> out = new TreeMap<>();
    if (content == null) {
      return out;
    }
    for (String raw : content.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (key.startsWith("-")) {
        key = key.substring(1);
      }
      out.put(key, line.substring(eq + 1).strip());
    }
    return out;
  }
}
