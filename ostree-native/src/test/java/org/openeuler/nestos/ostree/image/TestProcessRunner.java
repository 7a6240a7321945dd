package org.openeuler.nestos.ostree.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandResult;
import org.openeuler.nestos.ostree.host.CommandRunner;

/** A minimal real {@link CommandRunner} for ITs until {@code host.ProcessCommandRunner} lands (argv only). */
public final class TestProcessRunner implements CommandRunner {

  @Override
  public CommandResult run(Command command) {
    long start = System.nanoTime();
    try {
      ProcessBuilder pb = new ProcessBuilder(command.argv());
      pb.environment().putAll(command.env());
      Process p = pb.start();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (command.stdin() != null) {
        p.getOutputStream().write(command.stdin());
      }
      p.getOutputStream().close();
      if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new CommandResult(command, -1, out.join(), "timed out", Duration.ofNanos(System.nanoTime() - start));
      }
      return new CommandResult(command, p.exitValue(), out.join(), err.join(),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      return new CommandResult(command, -1, "", e.toString(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CommandResult(command, -1, "", "interrupted", Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }
}
