package org.openeuler.nestos.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The test OSVersion CRD (src/test/resources/crds) and a registry holding it next to the built-ins.
 */
public final class TestCrds {

  public static final String OSVERSION = "crds/osversions.nestos.openeuler.org-test.yml";

  private TestCrds() {}

  public static JsonNode osVersionCrd() {
    try (java.io.InputStream in = TestCrds.class.getClassLoader().getResourceAsStream(OSVERSION)) {
      return new com.fasterxml.jackson.databind.ObjectMapper(
              new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
          .readTree(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static ResourceRegistry registry() {
    ResourceRegistry registry = ResourceRegistry.withBuiltins();
    registry.addCrd(osVersionCrd());
    return registry;
  }
}
