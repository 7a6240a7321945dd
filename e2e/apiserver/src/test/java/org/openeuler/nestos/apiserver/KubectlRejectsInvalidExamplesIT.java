package org.openeuler.nestos.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code examples/invalid} file is refused by the real kubectl 1.32 (client-side and
 * server-side apply, with kubectl's default {@code --validate=strict}) for the reason its {@code #
 * rejected-by:} comment states. Runs on a server where none of them exists, so no apply can merge
 * into a valid object.
 */
class KubectlRejectsInvalidExamplesIT {

  static TestApiServer server;
  static Kubectl kubectl;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    server = TestApiServer.start();
    kubectl = new Kubectl(server.writeKubeconfig(dir.resolve("kubeconfig")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidExampleIsRefusedForItsStatedReason() throws IOException {
    List<Path> invalid = KubectlIT.yamlFiles(Kubectl.repoRoot().resolve("examples/invalid"));
    assertThat(invalid).hasSizeGreaterThanOrEqualTo(10);
    return invalid.stream()
        .flatMap(
            file -> {
              String reason = statedReason(file);
              return Stream.of(
                  DynamicTest.dynamicTest(
                      file.getFileName() + " (client-side)",
                      () -> refused(reason, "apply", "-f", file.toString())),
                  DynamicTest.dynamicTest(
                      file.getFileName() + " (server-side)",
                      () -> refused(reason, "apply", "--server-side", "-f", file.toString())));
            });
  }

  private static void refused(String reason, String... args) {
    Kubectl.Run run = kubectl.run(args);
    assertThat(run.exit()).as(run.all()).isNotZero();
    assertThat(run.err()).contains(reason);
  }

  static String statedReason(Path file) {
    try {
      String first =
          Files.readAllLines(file).stream()
              .filter(l -> l.startsWith("# rejected-by:"))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException(file + " has no '# rejected-by:' comment"));
      return first.substring("# rejected-by:".length()).trim();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
