package org.openeuler.nestos.ostree.host;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as real processes: argument lists only (never {@code sh -c}), in the configured
 * {@link HostNamespace}; stdout and stderr drained concurrently and bounded (last {@code
 * captureLimit} bytes each); stdin written when given, else closed; on timeout the process (and its
 * descendants) is destroyed, then destroyed forcibly after a grace period, and the result has exit
 * code -1 and says so in stderr.
 */
public final class ProcessCommandRunner implements CommandRunner {

  public static final int DEFAULT_CAPTURE_LIMIT = 1 << 20;
  static final Duration KILL_GRACE = Duration.ofSeconds(2);

  private final HostNamespace namespace;
  private final int captureLimit;

  public ProcessCommandRunner(HostNamespace namespace) {
    this(namespace, DEFAULT_CAPTURE_LIMIT);
  }

  public ProcessCommandRunner(HostNamespace namespace, int captureLimit) {
    if (captureLimit <= 0) {
      throw new IllegalArgumentException("capture limit must be positive");
    }
    this.namespace = namespace;
    this.captureLimit = captureLimit;
  }

  /** The argument list the OS gets for {@code command} (namespace prefix + argv). */
  public List<String> argv(Command command) {
    return namespace.wrap(command.argv());
  }

  @Override
  public CommandResult run(Command command) {
    long started = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(argv(command));
    builder.environment().putAll(command.env());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new CommandResult(
          command,
          -1,
          "",
          "cannot start " + argv(command).get(0) + ": " + e.getMessage(),
          since(started));
    }
    OutputTail stdout =
        new OutputTail(process.getInputStream(), captureLimit, "stdout-" + process.pid());
    OutputTail stderr =
        new OutputTail(process.getErrorStream(), captureLimit, "stderr-" + process.pid());
    Thread feeder = feedStdin(process, command.stdin());
    try {
      boolean finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        kill(process);
        String err = stderr.await(KILL_GRACE.toMillis());
        return new CommandResult(
            command,
            -1,
            stdout.await(KILL_GRACE.toMillis()),
            err
                + (err.isEmpty() || err.endsWith("\n") ? "" : "\n")
                + "timed out after "
                + command.timeout()
                + "; killed",
            since(started));
      }
      feeder.join(KILL_GRACE.toMillis());
      return new CommandResult(
          command,
          process.exitValue(),
          stdout.await(KILL_GRACE.toMillis()),
          stderr.await(KILL_GRACE.toMillis()),
          since(started));
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return new CommandResult(
          command, -1, stdout.text(), stderr.text() + "interrupted; killed", since(started));
    }
  }

  private static Thread feedStdin(Process process, byte[] stdin) {
    Thread feeder =
        new Thread(
            () -> {
              try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                  in.write(stdin);
                }
              } catch (IOException e) {
                // the process closed its stdin early; nothing to feed
              }
            },
            "stdin-" + process.pid());
    feeder.setDaemon(true);
    feeder.start();
    return feeder;
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
