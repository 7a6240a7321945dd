package org.openeuler.nestos.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class TestSupport {
  static final String DIGEST = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private TestSupport() {}

  static JsonNode yaml(String text) {
    try {
      return CrdSchemas.readYaml(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode resource(String name) {
    try (InputStream in = TestSupport.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return CrdSchemas.readYaml(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CrdSchema widgets() {
    return CrdSchema.forVersion(resource("validation/widgets-crd.yaml"), "v1");
  }
}
