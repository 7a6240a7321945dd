package org.openeuler.nestos.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;

/**
 * The project's four CRDs as the build generates them ({@code
 * META-INF/fabric8/<plural>.<group>-v1.yml} in this module's jar): the one place that knows their
 * kinds and resource names.
 */
public final class ProjectCrds {

  public static final String DIR = "META-INF/fabric8";
  public static final List<Class<? extends HasMetadata>> KINDS =
      List.of(OSVersion.class, NodeConfig.class, RubikPolicy.class, NodeState.class);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ProjectCrds() {}

  /** {@code <plural>.<group>-v1.yml}, the generator's file name for one kind. */
  public static String fileName(Class<? extends HasMetadata> kind) {
    return HasMetadata.getFullResourceName(kind) + "-v1.yml";
  }

  /** File name to parsed CRD, in {@link #KINDS} order. Fails when the build output is missing. */
  public static Map<String, JsonNode> load() {
    Map<String, JsonNode> crds = new LinkedHashMap<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      String resource = DIR + "/" + fileName(kind);
      try (InputStream in = ProjectCrds.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              resource + " is not on the classpath: build the crds module");
        }
        crds.put(fileName(kind), YAML.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
    return crds;
  }
}
