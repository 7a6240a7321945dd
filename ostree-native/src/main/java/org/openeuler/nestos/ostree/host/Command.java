package org.openeuler.nestos.ostree.host;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One host command as an argument list — never a shell string. {@code stdin} may be null.
 *
 * @param argv program and arguments, passed to the OS as they are
 * @param timeout the command is killed after this long
 * @param env extra environment variables
 */
public record Command(List<String> argv, Duration timeout, Map<String, String> env, byte[] stdin) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  public Command {
    if (argv == null || argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs a program");
    }
    argv = List.copyOf(argv);
    env = Map.copyOf(env == null ? Map.of() : env);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), DEFAULT_TIMEOUT, Map.of(), null);
  }

  public static Command of(List<String> argv) {
    return new Command(argv, DEFAULT_TIMEOUT, Map.of(), null);
  }

  public Command withTimeout(Duration newTimeout) {
    return new Command(argv, newTimeout, env, stdin);
  }

  public Command withEnv(Map<String, String> newEnv) {
    return new Command(argv, timeout, newEnv, stdin);
  }

  @Override
  public String toString() {
    return String.join(" ", argv);
  }
}
