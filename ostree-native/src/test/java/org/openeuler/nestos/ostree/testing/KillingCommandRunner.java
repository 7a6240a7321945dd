package org.openeuler.nestos.ostree.testing;

import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandResult;
import org.openeuler.nestos.ostree.host.CommandRunner;

/**
 * A {@link CommandRunner} that "kills" its caller right after the N-th mutating command (every
 * {@code ostree}/{@code rpm-ostree}/{@code systemctl} command but status and read queries) has run
 * to completion: it throws {@link Killed}, an {@link Error} that no action handler catches, so the
 * daemon's update loop dies as a killed process would, with the host changed by that command and
 * nothing after it. Commands before {@link #arm} are not counted; after the kill the runner passes
 * everything through (the restarted daemon runs on the same host).
 */
public final class KillingCommandRunner implements CommandRunner {

  /** The simulated kill; an Error so that {@code catch (Exception e)} handlers do not absorb it. */
  public static final class Killed extends Error {
    public Killed(String after) {
      super("killed after " + after, null, false, false);
    }
  }

  private final CommandRunner delegate;
  private final List<String> mutations = new ArrayList<>();
  private int killAfter = -1;
  private String killedAfter;

  public KillingCommandRunner(CommandRunner delegate) {
    this.delegate = delegate;
  }

  /** Counts mutating commands from now on and kills after the {@code n}-th (1-based; -1: never). */
  public synchronized KillingCommandRunner arm(int n) {
    mutations.clear();
    killAfter = n;
    killedAfter = null;
    return this;
  }

  @Override
  public CommandResult run(Command command) {
    CommandResult result = delegate.run(command);
    if (mutating(command.argv())) {
      synchronized (this) {
        String summary = summary(command.argv());
        mutations.add(summary);
        if (mutations.size() == killAfter) {
          killedAfter = summary;
          throw new Killed(summary);
        }
      }
    }
    return result;
  }

  /** The mutating commands counted since {@link #arm} (short form: program and subcommand). */
  public synchronized List<String> mutations() {
    return List.copyOf(mutations);
  }

  /** The command the caller was killed after, or null when the kill was not reached. */
  public synchronized String killedAfter() {
    return killedAfter;
  }

  /** Short form, e.g. {@code ostree admin deploy --not-as-default}. */
  static String summary(List<String> argv) {
    List<String> words = new ArrayList<>();
    for (String a : argv) {
      if (!a.startsWith("--") || a.equals("--not-as-default") || a.equals("--unpin")) {
        if (a.startsWith("/") || a.length() > 40) {
          continue;
        }
        words.add(a);
      }
    }
    return String.join(" ", words);
  }

  /** Everything that may change the host: not status, listings, {@code show} or reads. */
  public static boolean mutating(List<String> argv) {
    if (argv.isEmpty()) {
      return false;
    }
    String program = argv.get(0);
    String sub = argv.size() > 1 ? argv.get(1) : "";
    String third = argv.size() > 2 ? argv.get(2) : "";
    return switch (program) {
      case "ostree" ->
          switch (sub) {
            case "show", "log", "ls", "cat", "rev-parse", "refs", "checksum" -> false;
            case "admin" -> !third.equals("status");
            case "remote" ->
                !(third.equals("list")
                    || third.equals("show-url")
                    || third.equals("gpg-list-keys")
                    || third.equals("summary"));
            case "config" -> argv.contains("set") || argv.contains("unset");
            default -> true;
          };
      case "rpm-ostree" ->
          !(sub.equals("status")
              || (sub.equals("kargs") && third.startsWith("--deploy-index=") && argv.size() == 3));
      case "systemctl" -> !sub.equals("is-active") && !sub.equals("show");
      default -> false;
    };
  }
}
