package org.openeuler.nestos.ostree.core.sysroot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a BootLoaderSpec entry ({@code boot/loader/entries/ostree-N-<os>.conf}) as ostree 2022.7
 * writes it: {@code title <PRETTY_NAME> (ostree:<deployment index>)} and {@code options <kernel
 * arguments>}.
 *
 * @param deploymentIndex the deployment index from the title
 * @param options the kernel arguments as tokens, in order (including ostree's own {@code ostree=})
 */
public record BootEntries(int deploymentIndex, List<String> options) {

  private static final Pattern TITLE = Pattern.compile("^title .*\\(ostree:(\\d+)\\)\\s*$");

  public BootEntries {
    options = List.copyOf(options);
  }

  public static Optional<BootEntries> parse(String conf) {
    Integer index = null;
    List<String> options = new ArrayList<>();
    for (String line : conf.split("\n")) {
      Matcher t = TITLE.matcher(line);
      if (t.matches()) {
        index = Integer.parseInt(t.group(1));
      } else if (line.startsWith("options ")) {
        options.addAll(
            Arrays.stream(line.substring("options ".length()).trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList());
      }
    }
    return index == null ? Optional.empty() : Optional.of(new BootEntries(index, options));
  }

  /**
   * The options without the tokens ostree writes itself ({@code ostree=}), as {@code --karg-append}
   * would take them.
   */
  public List<String> userOptions() {
    return options.stream().filter(o -> !o.startsWith("ostree=")).toList();
  }
}
