package org.openeuler.nestos.ostree.testing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandResult;
import org.openeuler.nestos.ostree.host.CommandRunner;

/**
 * A {@link CommandRunner} that records every command and replays scripted results by exact argv:
 * each argv has a queue of replies, the last one repeating; an argv with no script succeeds with
 * empty output.
 */
public final class RecordingCommandRunner implements CommandRunner {

  /** One scripted outcome. */
  public record Reply(int exitCode, String stdout, String stderr) {
    public static Reply ok(String stdout) {
      return new Reply(0, stdout, "");
    }

    public static Reply fail(int exitCode, String stderr) {
      return new Reply(exitCode, "", stderr);
    }
  }

  private final Map<List<String>, Deque<Reply>> script = new HashMap<>();
  private final List<Command> calls = new ArrayList<>();

  /** Queues replies for this exact argv. */
  public synchronized RecordingCommandRunner on(List<String> argv, Reply... replies) {
    script.computeIfAbsent(List.copyOf(argv), k -> new ArrayDeque<>()).addAll(List.of(replies));
    return this;
  }

  @Override
  public synchronized CommandResult run(Command command) {
    calls.add(command);
    Deque<Reply> replies = script.get(command.argv());
    Reply reply =
        replies == null || replies.isEmpty()
            ? Reply.ok("")
            : replies.size() == 1 ? replies.peek() : replies.poll();
    return new CommandResult(
        command, reply.exitCode(), reply.stdout(), reply.stderr(), Duration.ZERO);
  }

  /** Every command run so far, in order. */
  public synchronized List<Command> calls() {
    return List.copyOf(calls);
  }

  /** The argv of every command run so far, in order. */
  public synchronized List<List<String>> argvs() {
    return calls.stream().map(Command::argv).toList();
  }

  /** The argv of commands other than read-only queries (status, kargs listing, boot id). */
  public synchronized List<List<String>> mutations() {
    return argvs().stream().filter(argv -> !isQuery(argv)).toList();
  }

  private static boolean isQuery(List<String> argv) {
    return argv.equals(List.of("rpm-ostree", "status", "--json"))
        || argv.get(0).equals("cat")
        || (argv.size() > 1 && argv.get(0).equals("systemctl") && argv.get(1).equals("show"))
        || (argv.size() == 3
            && argv.get(1).equals("kargs")
            && argv.get(2).startsWith("--deploy-index="));
  }
}
