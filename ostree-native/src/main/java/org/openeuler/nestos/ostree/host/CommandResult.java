package org.openeuler.nestos.ostree.host;

import java.time.Duration;

/** What a finished command left: exit code, captured output, how long it took. */
public record CommandResult(
    Command command, int exitCode, String stdout, String stderr, Duration took) {

  public boolean ok() {
    return exitCode == 0;
  }

  /**
   * This result when the command succeeded, else a {@link CommandFailedException} naming command
   * and stderr.
   */
  public CommandResult orThrow() {
    if (!ok()) {
      throw new CommandFailedException(this);
    }
    return this;
  }
}
