package org.openeuler.nestos.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.openeuler.nestos.api.ProjectCrds;

/**
 * Loads the CRDs the generator wrote to {@code META-INF/fabric8/*.nestos.openeuler.org-v1.yml} on
 * the classpath.
 */
public final class GeneratedCrds {
  public static final String SUFFIX = ".nestos.openeuler.org-v1.yml";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private GeneratedCrds() {}

  /**
   * File name (e.g. {@code osversions.nestos.openeuler.org-v1.yml}) to parsed YAML tree, sorted by
   * name.
   */
  public static Map<String, JsonNode> load() {
    return new TreeMap<>(ProjectCrds.load());
  }

  /** Parses one YAML (or JSON) document into a tree. */
  public static JsonNode parse(InputStream in) {
    return SERIALIZATION.unmarshal(in, JsonNode.class);
  }

  /** The openAPIV3Schema of the single version of a CRD. */
  public static JsonNode schema(JsonNode crd) {
    return crd.at("/spec/versions/0/schema/openAPIV3Schema");
  }
}
