package org.openeuler.nestos.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Loads the CRDs the generator wrote to {@code META-INF/fabric8/*.nestos.openeuler.org-v1.yml} on the classpath. */
public final class GeneratedCrds {
  public static final String DIR = "META-INF/fabric8";
  public static final String SUFFIX = ".nestos.openeuler.org-v1.yml";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private GeneratedCrds() {}

  /** File name (e.g. {@code osversions.nestos.openeuler.org-v1.yml}) to parsed YAML tree, sorted by name. */
  public static Map<String, JsonNode> load() {
    Map<String, JsonNode> out = new TreeMap<>();
    for (String name : names()) {
      try (InputStream in = GeneratedCrds.class.getClassLoader().getResourceAsStream(DIR + "/" + name)) {
        out.put(name, parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no generated CRDs found on the classpath under " + DIR);
    }
    return out;
  }

  /** Parses one YAML (or JSON) document into a tree. */
  public static JsonNode parse(InputStream in) {
    return SERIALIZATION.unmarshal(in, JsonNode.class);
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    try {
      Enumeration<URL> dirs = GeneratedCrds.class.getClassLoader().getResources(DIR);
      for (URL url : Collections.list(dirs)) {
        if ("file".equals(url.getProtocol())) {
          try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX)).forEach(names::add);
          }
        } else if ("jar".equals(url.getProtocol())) {
          try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
            jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(DIR + "/") && n.endsWith(SUFFIX))
                .map(n -> n.substring(DIR.length() + 1)).forEach(names::add);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  /** The openAPIV3Schema of the single version of a CRD. */
  public static JsonNode schema(JsonNode crd) {
    return crd.at("/spec/versions/0/schema/openAPIV3Schema");
  }
}
