package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every examples/invalid/*.yaml is rejected, with an error whose field, message or reason contains
 * the text of its first line {@code # rejected-by: <text>}.
 */
class InvalidExamplesTest {

  private static final String MARKER = "# rejected-by: ";
  private static final CrdSchemas CRDS = RealCrds.registry();

  static Stream<Path> invalid() {
    List<Path> files = RealCrds.yamlFiles(RealCrds.examplesDir().resolve("invalid"));
    assertThat(files).hasSizeGreaterThanOrEqualTo(12);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void isRejectedForTheNamedReason(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    assertThat(first).as(file + " first line").startsWith(MARKER);
    String expected = first.substring(MARKER.length()).strip();
    assertThat(expected).isNotEmpty();
    AdmissionResult r = CRDS.admit(RealCrds.read(file), null, Strictness.STRICT);
    assertThat(r.allowed()).as(file.getFileName() + " must be rejected").isFalse();
    assertThat(r.errors())
        .as(file.getFileName() + " errors")
        .anySatisfy(
            e ->
                assertThat(e.field() + ": " + e.message() + " [" + e.type() + "]")
                    .contains(expected));
  }

  static {
    if (!Files.isDirectory(RealCrds.examplesDir().resolve("invalid"))) {
      throw new UncheckedIOException(
          new IOException("no examples/invalid under " + RealCrds.examplesDir()));
    }
  }
}
