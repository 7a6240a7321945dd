package org.openeuler.nestos.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openeuler.nestos.api.validation.FieldError.Type;

/**
 * Registry of {@link CrdSchema}s keyed by {@code apiVersion} + {@code kind}. Immutable once built.
 */
public final class CrdSchemas {

  /**
   * Where fabric8's crd-generator puts the CRDs: {@code META-INF/fabric8/<plural>.<group>-v1.yml}.
   */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, CrdSchema> byKey;
  private final List<JsonNode> crds;

  private CrdSchemas(Map<String, CrdSchema> byKey, List<JsonNode> crds) {
    this.byKey = Collections.unmodifiableMap(byKey);
    this.crds = List.copyOf(crds);
  }

  /** Every served version of every given CRD. */
  public static CrdSchemas of(Collection<JsonNode> crds) {
    Map<String, CrdSchema> m = new LinkedHashMap<>();
    for (JsonNode crd : crds) {
      for (CrdSchema s : CrdSchema.servedVersions(crd)) {
        m.put(key(s.apiVersion(), s.kind()), s);
      }
    }
    return new CrdSchemas(m, new ArrayList<>(crds));
  }

  /** The project's four generated CRDs ({@link org.openeuler.nestos.api.ProjectCrds}). */
  public static CrdSchemas fromClasspath() {
    return of(org.openeuler.nestos.api.ProjectCrds.load().values());
  }

  /** Parses one CRD document (YAML or JSON). */
  public static JsonNode readCrd(InputStream in) throws IOException {
    return YAML.readTree(in);
  }

  /** Parses one YAML or JSON document (e.g. a custom resource). */
  public static JsonNode readYaml(InputStream in) throws IOException {
    return YAML.readTree(in);
  }

  public Optional<CrdSchema> find(String apiVersion, String kind) {
    return Optional.ofNullable(byKey.get(key(apiVersion, kind)));
  }

  public CrdSchema get(String apiVersion, String kind) {
    return find(apiVersion, kind)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no CRD schema for apiVersion "
                        + apiVersion
                        + " kind "
                        + kind
                        + "; known: "
                        + byKey.keySet()));
  }

  public Collection<CrdSchema> schemas() {
    return byKey.values();
  }

  /** The CRD documents this registry was built from. */
  public List<JsonNode> crds() {
    return crds;
  }

  public boolean isEmpty() {
    return byKey.isEmpty();
  }

  /**
   * Admits an object of any registered kind (found by its {@code apiVersion} and {@code kind}); an
   * unknown kind is a single {@code FieldValueNotSupported} error on {@code kind}.
   */
  public AdmissionResult admit(JsonNode newObj, JsonNode oldObj, Strictness strictness) {
    String apiVersion = newObj.path("apiVersion").asText("");
    String kind = newObj.path("kind").asText("");
    Optional<CrdSchema> s = find(apiVersion, kind);
    if (s.isEmpty()) {
      return new AdmissionResult(
          newObj,
          List.of(
              new FieldError(
                  "kind",
                  Type.FieldValueNotSupported,
                  "Unsupported value: "
                      + Schemas.quote(kind)
                      + ": no such kind in "
                      + Schemas.quote(apiVersion))),
          List.of());
    }
    return s.get().admit(newObj, oldObj, strictness);
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "|" + kind;
  }
}
