package org.openeuler.nestos.ostree.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real processes: exit codes, capture, bounded output, timeouts, stdin, env, namespace prefixes.
 */
class ProcessCommandRunnerIT {

  final ProcessCommandRunner runner = new ProcessCommandRunner(HostNamespace.NONE);

  @Test
  void exitCodesAndOutput() {
    CommandResult ok = runner.run(Command.of("printf", "out"));
    assertThat(ok.ok()).isTrue();
    assertThat(ok.stdout()).isEqualTo("out");
    CommandResult failed = runner.run(Command.of("ls", "/definitely/not/here"));
    assertThat(failed.exitCode()).isEqualTo(2);
    assertThat(failed.stderr()).contains("/definitely/not/here");
    assertThat(runner.run(Command.of("false")).exitCode()).isEqualTo(1);
  }

  @Test
  void argumentsAreNeverInterpretedByAShell() {
    CommandResult result = runner.run(Command.of("echo", "$HOME", "a;b", "`id`", "*"));
    assertThat(result.stdout()).isEqualTo("$HOME a;b `id` *\n");
  }

  @Test
  void missingProgramIsExitMinusOne() {
    CommandResult result = runner.run(Command.of("/no/such/program"));
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stderr()).contains("cannot start /no/such/program");
  }

  @Test
  void largeOutputOnBothStreamsNeverBlocksAndKeepsTheTail() {
    ProcessCommandRunner small = new ProcessCommandRunner(HostNamespace.NONE, 64 * 1024);
    // 8 MiB on stdout and on stderr, far above pipe buffers and the capture limit.
    CommandResult result =
        small.run(
            Command.of(
                    "sh",
                    "-c",
                    "head -c 8388608 /dev/zero | tr '\\0' a; head -c 8388608 /dev/zero | tr '\\0' b >&2; echo END")
                .withTimeout(Duration.ofSeconds(60)));
    assertThat(result.ok()).isTrue();
    assertThat(result.stdout()).endsWith("aaaaEND\n").contains("bytes dropped");
    assertThat(result.stdout().length()).isLessThan(64 * 1024 + 100);
    assertThat(result.stderr()).endsWith("bbbb").hasSizeLessThan(64 * 1024 + 100);
  }

  @Test
  void timeoutKillsTheProcess() {
    long start = System.nanoTime();
    CommandResult result =
        runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300)));
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stderr()).contains("timed out after PT0.3S");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void timeoutForciblyKillsAProcessThatIgnoresTerm() {
    CommandResult result =
        runner.run(
            Command.of("sh", "-c", "trap '' TERM; echo started; sleep 30; echo never")
                .withTimeout(Duration.ofMillis(500)));
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stdout()).contains("started").doesNotContain("never");
  }

  @Test
  void stdinIsFedAndEnvIsPassed() {
    Command cat =
        new Command(
            List.of("cat"),
            Duration.ofSeconds(10),
            Map.of(),
            "line one\nline two\n".getBytes(StandardCharsets.UTF_8));
    assertThat(runner.run(cat).stdout()).isEqualTo("line one\nline two\n");
    assertThat(runner.run(Command.of("cat")).stdout()).isEmpty();
    CommandResult env =
        runner.run(
            Command.of("sh", "-c", "echo \"$NESTOS_TEST\"").withEnv(Map.of("NESTOS_TEST", "v1")));
    assertThat(env.stdout()).isEqualTo("v1\n");
  }

  @Test
  void namespacePrefixes() {
    Command command = Command.of("rpm-ostree", "status", "--json");
    assertThat(new ProcessCommandRunner(HostNamespace.NSENTER).argv(command))
        .containsExactly(
            "nsenter",
            "-t",
            "1",
            "-m",
            "-u",
            "-i",
            "-n",
            "-p",
            "--",
            "rpm-ostree",
            "status",
            "--json");
    assertThat(new ProcessCommandRunner(HostNamespace.chroot("/host")).argv(command))
        .containsExactly("chroot", "/host", "rpm-ostree", "status", "--json");
    assertThat(runner.argv(command)).containsExactly("rpm-ostree", "status", "--json");
  }

  @Test
  void chrootRootRunsForRealWhenRoot() {
    assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root");
    CommandResult result =
        new ProcessCommandRunner(HostNamespace.chroot("/"))
            .run(Command.of("cat", "/proc/sys/kernel/random/boot_id"));
    assertThat(result.ok()).as(result.stderr()).isTrue();
    assertThat(result.stdout().strip()).matches("[0-9a-f-]{36}");
  }

  /** The real kernel's command line, read as the daemon reads it, parses into its tokens. */
  @Test
  void theRealKernelCommandLineParses() {
    RpmOstreeHost real = new RpmOstreeHost(runner);
    List<String> tokens = real.kernelCommandLine();
    String raw;
    try {
      raw = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cmdline")).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(tokens).isNotEmpty();
    assertThat(raw).startsWith(tokens.get(0));
    assertThat(tokens).allMatch(org.openeuler.nestos.ostree.core.kargs.KernelArgs::isToken);
    // what follows a bare -- is init's, not the kernel's
    assertThat(tokens).doesNotContain("--");
    assertThat(String.join(" ", tokens).length()).isLessThanOrEqualTo(raw.length());
  }
}
