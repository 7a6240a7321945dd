package org.openeuler.nestos.api.validation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * The generated NestOS CRDs (process-classes output on the test class path) and the repo-root
 * examples.
 */
final class RealCrds {
  static final List<String> PLURALS =
      List.of("osversions", "nodeconfigs", "rubikpolicies", "nodestates");

  private RealCrds() {}

  static CrdSchemas registry() {
    CrdSchemas reg = CrdSchemas.fromClasspath();
    assertThat(reg.schemas())
        .extracting(CrdSchema::kind)
        .containsExactlyInAnyOrder("OSVersion", "NodeConfig", "RubikPolicy", "NodeState");
    return reg;
  }

  static JsonNode generated(String plural) {
    return classpath(
        org.openeuler.nestos.api.ProjectCrds.DIR + "/" + plural + ".nestos.openeuler.org-v1.yml");
  }

  static JsonNode baseline(String plural) {
    return classpath("compat-baseline/" + plural + ".nestos.openeuler.org-v1.yml");
  }

  private static JsonNode classpath(String name) {
    try (InputStream in = RealCrds.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing class path resource " + name);
      }
      return CrdSchemas.readCrd(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path examplesDir() {
    return Paths.get(System.getProperty("examples.dir", "../examples"))
        .toAbsolutePath()
        .normalize();
  }

  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return CrdSchemas.readYaml(new java.io.ByteArrayInputStream(text.getBytes(UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return CrdSchemas.readYaml(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
