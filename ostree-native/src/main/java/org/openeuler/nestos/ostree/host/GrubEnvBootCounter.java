package org.openeuler.nestos.ostree.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.ostree.core.boot.BootCounting;
import org.openeuler.nestos.ostree.core.boot.GrubBootCounting;

/**
 * {@link BootCounter} over the host's GRUB environment block, edited with {@code grub2-editenv}
 * (NestOS, Fedora) or {@code grub-editenv} (Debian) through the {@link CommandRunner}: argument
 * lists, the file named explicitly ({@code -} means a different default file on each distribution).
 * docs/boot-counting.md.
 */
public final class GrubEnvBootCounter implements BootCounter {

  /** The NestOS (Fedora-family) GRUB environment block. */
  public static final String NESTOS_GRUBENV = "/boot/grub2/grubenv";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final CommandRunner runner;
  private final String editenv;
  private final String grubenv;

  /**
   * @param editenv the program ({@code grub2-editenv} on NestOS)
   * @param grubenv the environment block's path on the host
   */
  public GrubEnvBootCounter(CommandRunner runner, String editenv, String grubenv) {
    this.runner = runner;
    this.editenv = editenv;
    this.grubenv = grubenv;
  }

  @Override
  public Map<String, String> read() {
    CommandResult r = run("list");
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  @Override
  public void arm(int attempts) {
    List<String> pairs = new ArrayList<>();
    // boot_counter first: a reader between the two never sees success=0 without a counter
    Map<String, String> vars = BootCounting.armed(attempts);
    pairs.add(GrubBootCounting.COUNTER + "=" + vars.get(GrubBootCounting.COUNTER));
    pairs.add(GrubBootCounting.SUCCESS + "=" + vars.get(GrubBootCounting.SUCCESS));
    run("set", pairs.toArray(String[]::new));
  }

  @Override
  public void markSuccess() {
    run("unset", GrubBootCounting.COUNTER);
    run("set", GrubBootCounting.SUCCESS + "=1");
  }

  @Override
  public void disarm() {
    run("unset", GrubBootCounting.COUNTER);
  }

  private CommandResult run(String verb, String... args) {
    List<String> argv = new ArrayList<>(List.of(editenv, grubenv, verb));
    argv.addAll(List.of(args));
    return runner.run(Command.of(argv).withTimeout(TIMEOUT)).orThrow();
  }
}
