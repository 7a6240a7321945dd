package org.openeuler.nestos.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real helm 3, helm 4 and kubectl binaries of {@code .tools/} (installed by {@code
 * scripts/install-tools}), run as processes against a kubeconfig. A missing binary fails the test
 * with the command that installs it.
 */
final class ChartTools {

  /** The documented CRD upgrade (docs/install.md): Helm never upgrades {@code crds/}. */
  static final String CRD_UPGRADE_COMMAND =
      "kubectl apply --server-side --force-conflicts -f helm/nestos-operator/crds/";

  record Run(List<String> argv, int exit, String out) {
    Run ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + ": " + String.join(" ", argv) + "\n" + out);
      }
      return this;
    }
  }

  private ChartTools() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(".mvn/maven.version"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("not inside the project (no .mvn/maven.version)");
    }
    return dir;
  }

  static Path chart() {
    return root().resolve("helm/nestos-operator");
  }

  /**
   * {@code helm3} ({@code .tools/helm/helm}, 3.17) or {@code helm4} ({@code .tools/helm4/helm}).
   */
  static String helm(String which) {
    return switch (which) {
      case "helm3" -> tool(".tools/helm/helm");
      case "helm4" -> tool(".tools/helm4/helm");
      default -> throw new IllegalArgumentException(which);
    };
  }

  /** kubectl 1.35, the control plane's own version. */
  static String kubectl() {
    return tool(".tools/kubectl-1.35/kubectl");
  }

  private static String tool(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException(
          p + " is missing: run " + root().resolve("scripts/install-tools"));
    }
    return p.toString();
  }

  /**
   * Runs {@code argv} with helm's cache, config and data under {@code helmHome} (nothing of the
   * user's), and returns its exit code and combined output.
   */
  static Run run(Path helmHome, List<String> argv) throws IOException, InterruptedException {
    Path out = Files.createTempFile("chart-tools", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
    Map<String, String> env = pb.environment();
    env.put("HELM_CACHE_HOME", helmHome.resolve("cache").toString());
    env.put("HELM_CONFIG_HOME", helmHome.resolve("config").toString());
    env.put("HELM_DATA_HOME", helmHome.resolve("data").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + argv);
    }
    String text = Files.readString(out);
    Files.delete(out);
    return new Run(List.copyOf(argv), p.exitValue(), text);
  }

  /** {@code base} followed by {@code more}. */
  /**
   * helm 3 against the control plane behind {@code kubeconfig} in {@code namespace}, with {@code
   * home} as its HELM_* home; prints the command and its output.
   */
  static Run helm3(Path home, Path kubeconfig, String namespace, String... args)
      throws IOException, InterruptedException {
    Run r =
        run(
            home,
            argv(
                List.of(helm("helm3"), "--kubeconfig", kubeconfig.toString(), "-n", namespace),
                args));
    System.out.printf("$ helm %s%n%s%n", String.join(" ", args), r.out().strip());
    return r;
  }

  static List<String> argv(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
