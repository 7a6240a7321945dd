package org.openeuler.nestos.ostree.host;

/** A host command exited non-zero (or could not run, or timed out: exit code -1). */
public final class CommandFailedException extends RuntimeException {

  private final transient CommandResult result;

  public CommandFailedException(CommandResult result) {
    super(
        "`" + result.command() + "` exited " + result.exitCode() + ": " + result.stderr().strip());
    this.result = result;
  }

  public CommandResult result() {
    return result;
  }
}
