package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every examples/*.yaml (what users copy first) admits cleanly, with strict field validation. */
class ExamplesTest {

  private static final CrdSchemas CRDS = RealCrds.registry();

  static Stream<Path> examples() {
    List<Path> files = RealCrds.yamlFiles(RealCrds.examplesDir());
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("osversion.yaml", "nodeconfig.yaml", "rubikpolicy.yaml", "nodestate.yaml");
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void admitsCleanly(Path file) {
    JsonNode obj = RealCrds.read(file);
    AdmissionResult r = CRDS.admit(obj, null, Strictness.STRICT);
    assertThat(r.errors()).as(file.getFileName().toString()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    // an update with itself as the old object (transition rules run) is also clean
    assertThat(CRDS.admit(obj, obj, Strictness.STRICT).errors()).as(file + " (update)").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void imagesArePinnedByDigest(Path file) {
    String image = RealCrds.read(file).path("spec").path("osImage").asText("");
    if (!image.isEmpty()) {
      assertThat(image)
          .matches("registry\\.example\\.com/nestos/nestos-for-container@sha256:[0-9a-f]{64}");
    }
  }
}
