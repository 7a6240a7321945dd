package org.openeuler.nestos.apiserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the real kubectl 1.32 binary by argument list: {@code $NESTOS_KUBECTL} (set by {@code
 * scripts/test}), else {@code .tools/kubectl/kubectl}, else the Google Cloud SDK's plain {@code
 * kubectl.1.32}.
 */
final class Kubectl {

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private final Path binary;
  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.binary = locate();
    this.kubeconfig = kubeconfig;
  }

  static Path locate() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("NESTOS_KUBECTL");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    candidates.add(repoRoot().resolve(".tools/kubectl/kubectl"));
    candidates.add(Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.32"));
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "kubectl 1.32 not found (tried "
                        + candidates
                        + "); run scripts/install-tools or scripts/test"));
  }

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(".mvn/maven.version"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("not inside the project");
    }
    return dir;
  }

  Run run(String... args) {
    return runWithInput(null, args);
  }

  Run runWithInput(String stdin, String... args) {
    List<String> argv =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    argv.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("KUBECACHEDIR", kubeconfig.getParent().resolve("cache").toString());
      Process p = pb.start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl timed out: " + argv);
      }
      Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return run;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts kubectl in the background with its stdout going to {@code output} (for {@code get -w}).
   */
  Process start(Path output, String... args) throws IOException {
    List<String> argv =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(output.toFile()));
    pb.environment().put("KUBECACHEDIR", kubeconfig.getParent().resolve("cache").toString());
    return pb.start();
  }
}
