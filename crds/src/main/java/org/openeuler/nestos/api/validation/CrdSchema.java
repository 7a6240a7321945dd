package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.present;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openeuler.nestos.api.validation.FieldError.Type;

/**
 * Admission-grade validation of custom resources against one served version of an
 * apiextensions.k8s.io/v1 CustomResourceDefinition, following what kube-apiserver does for CRDs:
 * structural pruning (or strict unknown field errors), schema defaulting, OpenAPI v3 value
 * validation (via networknt json-schema-validator), {@code x-kubernetes-list-type} uniqueness and
 * {@code x-kubernetes-validations} CEL rules (via dev.cel).
 *
 * <p>Instances are immutable and thread-safe. Errors are {@link FieldError}s phrased like
 * kube-apiserver's. This class orchestrates the write path; the steps live in {@link GoNumbers},
 * {@link SchemaPruner}, {@link SchemaDefaulter}, {@link StructuralValidator}, {@link Formats},
 * {@link ListTypes} and {@link CelRuleValidator}; {@link DefaultValues} checks the CRD's defaults.
 * DifferentialAdmissionKubeIT compares it with the real kube-apiserver
 * (docs/admission-differential.md).
 */
public final class CrdSchema {

  /**
   * Added (as kube-apiserver does) when {@link #BLOCKS_RULES} errors keep the CEL rules from
   * running.
   */
  public static final String RULES_NOT_CHECKED =
      "Invalid value: null: some validation rules were not checked"
          + " because the object was invalid; correct the existing errors to complete validation";

  /**
   * Errors after which kube-apiserver does not run the CEL rules (its {@code hasBlockingErr}: wrong
   * type, required, enum, maxLength, maxItems/maxProperties), adding {@link #RULES_NOT_CHECKED}
   * instead. Pattern, bound and duplicate errors do not block. Found by the differential admission
   * test (docs/admission-differential.md).
   */
  private static final Set<Type> BLOCKS_RULES =
      EnumSet.of(
          Type.FieldValueTypeInvalid,
          Type.FieldValueRequired,
          Type.FieldValueNotSupported,
          Type.FieldValueTooLong,
          Type.FieldValueTooMany);

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;
  private final JsonNode schema;
  private final StructuralValidator structural;
  private final List<String> compilationErrors;
  private final List<String> defaultErrors;
  private final boolean hasRules;

  private CrdSchema(String group, String version, String kind, String plural, JsonNode schema) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
    this.schema = schema.deepCopy();
    this.structural = new StructuralValidator(this.schema);
    this.compilationErrors = List.copyOf(CelRuleValidator.compilationErrors(this.schema));
    this.defaultErrors =
        compilationErrors.isEmpty() ? List.copyOf(DefaultValues.errors(this.schema)) : List.of();
    this.hasRules = this.schema.findParent(Schemas.VALIDATIONS) != null;
  }

  /** The schema of {@code version} of a CRD (a parsed YAML/JSON tree). */
  public static CrdSchema forVersion(JsonNode crd, String version) {
    Objects.requireNonNull(crd, "crd");
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (version.equals(v.path("name").asText())) {
        JsonNode s = v.path("schema").path("openAPIV3Schema");
        if (!s.isObject()) {
          throw new IllegalArgumentException(
              "CRD "
                  + crd.path("metadata").path("name").asText()
                  + " version "
                  + version
                  + " has no schema.openAPIV3Schema");
        }
        JsonNode names = crd.path("spec").path("names");
        return new CrdSchema(
            crd.path("spec").path("group").asText(),
            version,
            names.path("kind").asText(),
            names.path("plural").asText(),
            s);
      }
    }
    throw new IllegalArgumentException(
        "CRD " + crd.path("metadata").path("name").asText() + " has no version " + version);
  }

  /** One schema per served version of the CRD. */
  public static List<CrdSchema> servedVersions(JsonNode crd) {
    List<CrdSchema> out = new ArrayList<>();
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("served").asBoolean(true)) {
        out.add(forVersion(crd, v.path("name").asText()));
      }
    }
    return out;
  }

  public String group() {
    return group;
  }

  public String version() {
    return version;
  }

  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  /** {@code group/version}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** A copy of the version's {@code openAPIV3Schema}. */
  public JsonNode openApiSchema() {
    return schema.deepCopy();
  }

  /**
   * CEL rules that do not compile, as {@code <schema path>: <rule>: <error>} (the apiserver rejects
   * such CRDs).
   */
  public List<String> compilationErrors() {
    return compilationErrors;
  }

  /**
   * {@code default} values the apiserver would refuse the CRD for, as {@code <schema path>.default:
   * <error>}: each default must be valid as written, CEL rules included, before the defaults inside
   * it apply ({@link DefaultValues}). Empty when rules do not compile.
   */
  public List<String> defaultErrors() {
    return defaultErrors;
  }

  // ---------------------------------------------------------------- admission

  /**
   * The whole write path of the apiserver for a create ({@code oldObj == null}) or update: unknown
   * fields are errors ({@link Strictness#STRICT}) or dropped with a warning ({@link
   * Strictness#PRUNE}); then pruning, defaulting and validation. Numbers are read as the apiserver
   * decodes them ({@link GoNumbers}). The returned object is what would be stored.
   */
  public AdmissionResult admit(JsonNode newObj, JsonNode oldObj, Strictness strictness) {
    newObj = GoNumbers.decode(newObj);
    oldObj = GoNumbers.decode(oldObj);
    List<FieldError> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String u : unknownFields(newObj)) {
      if (strictness == Strictness.STRICT) {
        errors.add(unknownFieldError(u));
      } else {
        warnings.add("unknown field \"" + u + "\"");
      }
    }
    JsonNode obj = applyDefaults(prune(newObj));
    JsonNode old = present(oldObj) ? applyDefaults(prune(oldObj)) : null;
    errors.addAll(validate(obj, old, Strictness.PRUNE));
    return new AdmissionResult(obj, errors, warnings);
  }

  /** {@link #validate(JsonNode, JsonNode, Strictness)} with {@link Strictness#STRICT}. */
  public List<FieldError> validate(JsonNode object, JsonNode oldObjectOrNull) {
    return validate(object, oldObjectOrNull, Strictness.STRICT);
  }

  /**
   * Validates an object as-is (call {@link #applyDefaults} first to mirror the apiserver). With
   * {@link Strictness#STRICT} undeclared fields are {@link Type#FieldValueUnknown} errors; with
   * {@link Strictness#PRUNE} they are ignored (they would have been pruned).
   */
  public List<FieldError> validate(
      JsonNode object, JsonNode oldObjectOrNull, Strictness strictness) {
    Objects.requireNonNull(object, "object");
    List<FieldError> errors = new ArrayList<>();
    if (!object.isObject()) {
      errors.add(
          new FieldError(
              "",
              Type.FieldValueTypeInvalid,
              "Invalid value: "
                  + Schemas.quote(Schemas.jsonType(object))
                  + ": body must be of type object"));
      return errors;
    }
    validateMetadata(object, errors);
    if (strictness == Strictness.STRICT) {
      for (String u : unknownFields(object)) {
        errors.add(unknownFieldError(u));
      }
    }
    structural.validate(object, errors);
    Formats.validate(schema, object, errors);
    ListTypes.validate(schema, object, errors);
    if (!hasRules) {
      return errors;
    }
    if (errors.stream().anyMatch(e -> BLOCKS_RULES.contains(e.type()))) {
      // like the apiserver: CEL rules are not run on an object with these errors
      errors.add(new FieldError("", Type.FieldValueInvalid, RULES_NOT_CHECKED));
      return errors;
    }
    JsonNode old = present(oldObjectOrNull) ? oldObjectOrNull : null;
    CelRuleValidator.validate(schema, object, old, errors);
    return errors;
  }

  private static FieldError unknownFieldError(String path) {
    return new FieldError(path, Type.FieldValueUnknown, "unknown field \"" + path + "\"");
  }

  private static void validateMetadata(JsonNode object, List<FieldError> errors) {
    JsonNode md = object.get("metadata");
    String name = md == null ? "" : md.path("name").asText("");
    String generateName = md == null ? "" : md.path("generateName").asText("");
    if (name.isEmpty() && generateName.isEmpty()) {
      errors.add(
          new FieldError(
              "metadata.name",
              Type.FieldValueRequired,
              "Required value: name or generateName is required"));
      return;
    }
    if (!name.isEmpty()) {
      String bad =
          name.equals(".") || name.equals("..")
              ? "may not be '" + name + "'"
              : name.contains("/")
                  ? "may not contain '/'"
                  : name.contains("%") ? "may not contain '%'" : null;
      if (bad != null) {
        errors.add(
            new FieldError(
                "metadata.name",
                Type.FieldValueInvalid,
                "Invalid value: " + Schemas.quote(name) + ": " + bad));
      }
    }
  }

  // ---------------------------------------------------------------- pruning / unknown fields

  /**
   * A copy with every field the schema does not declare removed; {@code apiVersion/kind/metadata}
   * kept whole.
   */
  public JsonNode prune(JsonNode object) {
    return SchemaPruner.prune(schema, object);
  }

  /**
   * Paths of the fields {@link #prune} would remove, e.g. {@code spec.rollout.foo}, {@code
   * spec.items[1].x}.
   */
  public List<String> unknownFields(JsonNode object) {
    return SchemaPruner.unknownFields(schema, object);
  }

  // ---------------------------------------------------------------- defaulting

  /**
   * A copy with schema {@code default}s applied recursively, like the apiserver: a default fills an
   * absent field (or a {@code null} one that is not {@code nullable}); defaulted objects are
   * defaulted inside too, so {@code default: {}} on a nested object makes its inner defaults apply.
   * Non-nullable nulls without a default are dropped. {@code metadata} is left alone.
   */
  public JsonNode applyDefaults(JsonNode object) {
    return SchemaDefaulter.applyDefaults(schema, object);
  }

  /** Appends a rule's relative {@code fieldPath} ({@code .a.b}, {@code .a[0]}, {@code .a['k']}). */
  static String withFieldPath(String path, String fieldPath) {
    return FieldPaths.withFieldPath(path, fieldPath);
  }

  @Override
  public String toString() {
    return "CrdSchema[" + apiVersion() + ", " + kind + "]";
  }
}
