package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * The chart's CRDs and the repo-root examples on the real kube-apiserver, driven by the real
 * kubectl 1.35: the CRDs re-apply client-side and server-side (the fixture installed them already),
 * every {@code examples/*.yaml} is accepted and every {@code examples/invalid/*.yaml} rejected for
 * the reason its first line names ({@code # rejected-by: <text>}, as {@link InvalidExamplesTest}
 * reads it).
 */
class CrdsAndExamplesKubeIT {

  private static final RealControlPlane CP = RealControlPlane.shared();
  private static final String MARKER = "# rejected-by: ";

  static Path repoRoot() {
    return RealCrds.examplesDir().getParent();
  }

  static Path kubectl() {
    Path k = repoRoot().resolve(".tools/kubectl-1.35/kubectl");
    if (!Files.isExecutable(k)) {
      throw new IllegalStateException(
          "kubectl 1.35 missing at " + k + ": run " + repoRoot().resolve("scripts/install-tools"));
    }
    return k;
  }

  @Test
  void chartCrdsApplyClientSideAndServerSide() {
    Path crds = repoRoot().resolve("helm/nestos-operator/crds");
    Result client = kubectl("apply", "-f", crds.toString());
    assertThat(client.code()).as(client.toString()).isZero();
    assertThat(client.out())
        .contains(
            "osversions.nestos.openeuler.org",
            "nodeconfigs.nestos.openeuler.org",
            "rubikpolicies.nestos.openeuler.org",
            "nodestates.nestos.openeuler.org");
    // same values as installed: no conflict with the fixture's or the client-side apply's manager
    Result server =
        kubectl(
            "apply", "--server-side", "--field-manager=nestos-crds-kubeit", "-f", crds.toString());
    assertThat(server.code()).as(server.toString()).isZero();
    assertThat(server.out()).contains("serverside-applied");
    // and again: the same manager re-applying its own configuration
    Result again =
        kubectl(
            "apply", "--server-side", "--field-manager=nestos-crds-kubeit", "-f", crds.toString());
    assertThat(again.code()).as(again.toString()).isZero();
    for (String plural : RealCrds.PLURALS) {
      Result established =
          kubectl(
              "wait",
              "--for=condition=Established",
              "--timeout=60s",
              "crd/" + plural + ".nestos.openeuler.org");
      assertThat(established.code()).as(established.toString()).isZero();
    }
  }

  static Stream<Path> examples() {
    return RealCrds.yamlFiles(RealCrds.examplesDir()).stream();
  }

  static Stream<Path> invalidExamples() {
    return RealCrds.yamlFiles(RealCrds.examplesDir().resolve("invalid")).stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleIsAcceptedByTheRealApiserver(Path file) {
    Result r = kubectl("create", "--dry-run=server", "--validate=strict", "-f", file.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("created (server dry run)");
    assertThat(r.err()).as("warnings").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("invalidExamples")
  void invalidExampleIsRejectedForTheNamedReason(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    assertThat(first).as(file + " first line").startsWith(MARKER);
    String expected = first.substring(MARKER.length()).strip();
    Result r = kubectl("create", "--dry-run=server", "--validate=strict", "-f", file.toString());
    assertThat(r.code()).as(file.getFileName() + " must be rejected: " + r).isNotZero();
    assertThat(r.err()).as(file.getFileName().toString()).contains(expected);
  }

  record Result(List<String> argv, int code, String out, String err) {
    @Override
    public String toString() {
      return String.join(" ", argv) + " -> exit " + code + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  static Result kubectl(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(kubectl().toString());
    argv.add("--kubeconfig=" + CP.adminKubeconfig());
    argv.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      try {
        Process p =
            new ProcessBuilder(argv)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        int code = p.waitFor();
        return new Result(
            argv,
            code,
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
