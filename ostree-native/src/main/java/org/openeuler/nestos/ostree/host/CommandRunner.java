package org.openeuler.nestos.ostree.host;

/**
 * The port through which every host command runs (argument lists only; the production
 * implementation enters the host's namespaces with {@code nsenter -t 1 -m -u -i -n -p --} or {@code
 * chroot}, by configuration). Fakes in tests.
 */
@FunctionalInterface
public interface CommandRunner {

  /**
   * Runs the command to completion or timeout; never throws for a non-zero exit (see {@link
   * CommandResult#orThrow}).
   */
  CommandResult run(Command command);
}
