package org.openeuler.nestos.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openeuler.nestos.api.validation.FieldError.Type;

/**
 * OpenAPI v3 value validation of whole objects with networknt json-schema-validator (over the
 * {@link Draft4Schemas} translation), its messages rewritten into kube-apiserver's {@link
 * FieldError}s: sorted by location, deduplicated, with Kubernetes field paths. Immutable and
 * thread-safe.
 */
final class StructuralValidator {

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

  private final JsonNode schema;
  private final JsonSchema jsonSchema;

  /**
   * {@code schema} is the version's {@code openAPIV3Schema}; it is kept (not copied) and must not
   * change.
   */
  StructuralValidator(JsonNode schema) {
    this.schema = schema;
    this.jsonSchema = FACTORY.getSchema(Draft4Schemas.fromOpenApi(schema, true));
  }

  /**
   * Appends the value errors of {@code object}, ordered by instance location, duplicates dropped.
   */
  void validate(JsonNode object, List<FieldError> errors) {
    List<ValidationMessage> messages = new ArrayList<>(jsonSchema.validate(object));
    messages.sort(
        Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
            .thenComparing(ValidationMessage::getType));
    Set<String> seen = new HashSet<>();
    for (ValidationMessage m : messages) {
      FieldError e = toFieldError(m);
      if (e != null && seen.add(e.field() + "\u0000" + e.message())) {
        errors.add(e);
      }
    }
  }

  private FieldError toFieldError(ValidationMessage m) {
    String kw = m.getType();
    String path = FieldPaths.fromInstanceLocation(schema, m.getInstanceLocation());
    String where = path.isEmpty() ? "body" : path + " in body";
    JsonNode value = m.getInstanceNode();
    JsonNode kv = keywordValue(m, kw);
    String rendered = Schemas.render(value);
    switch (kw) {
      case "required":
        {
          String prop = m.getProperty();
          return new FieldError(
              Schemas.child(path, prop), Type.FieldValueRequired, "Required value");
        }
      case "type":
        {
          String actual = Schemas.jsonType(value);
          String expected = kv == null ? "?" : kv.isArray() ? joinTypes(kv) : kv.asText();
          return new FieldError(
              path,
              Type.FieldValueTypeInvalid,
              "Invalid value: "
                  + Schemas.quote(actual)
                  + ": "
                  + where
                  + " must be of type "
                  + expected
                  + ": "
                  + Schemas.quote(actual));
        }
      case "enum":
        {
          List<String> supported = new ArrayList<>();
          if (kv != null) {
            kv.forEach(
                x -> {
                  if (!x.isNull()) {
                    supported.add(Schemas.render(x));
                  }
                });
          }
          return new FieldError(
              path,
              Type.FieldValueNotSupported,
              "Unsupported value: "
                  + rendered
                  + ": supported values: "
                  + String.join(", ", supported));
        }
      case "pattern":
        // the schema's own pattern, not the RE2-anchored one it is evaluated as
        // (Draft4Schemas.re2Anchors)
        return invalid(
            path, rendered, where + " should match '" + text(kv).replace("\\z", "$") + "'");
      case "minimum":
        return invalid(path, rendered, where + " should be greater than or equal to " + text(kv));
      case "maximum":
        return invalid(path, rendered, where + " should be less than or equal to " + text(kv));
      case "exclusiveMinimum":
        return invalid(path, rendered, where + " should be greater than " + text(kv));
      case "exclusiveMaximum":
        return invalid(path, rendered, where + " should be less than " + text(kv));
      case "multipleOf":
        return invalid(path, rendered, where + " should be a multiple of " + text(kv));
      case "minLength":
        return invalid(path, rendered, where + " should be at least " + text(kv) + " chars long");
      case "maxLength":
        return new FieldError(
            path, Type.FieldValueTooLong, "Too long: may not be more than " + text(kv) + " bytes");
      case "minItems":
        return invalid(
            path,
            String.valueOf(value == null ? 0 : value.size()),
            where + " should have at least " + text(kv) + " items");
      case "maxItems":
        return new FieldError(
            path,
            Type.FieldValueTooMany,
            "Too many: "
                + (value == null ? "?" : value.size())
                + ": must have at most "
                + text(kv)
                + " items");
      case "minProperties":
        return invalid(
            path,
            String.valueOf(value == null ? 0 : value.size()),
            where + " should have at least " + text(kv) + " properties");
      case "maxProperties":
        return new FieldError(
            path,
            Type.FieldValueTooMany,
            "Too many: "
                + (value == null ? "?" : value.size())
                + ": must have at most "
                + text(kv)
                + " items");
      case "uniqueItems":
        return new FieldError(path, Type.FieldValueDuplicate, "Duplicate value: " + rendered);
      default:
        return invalid(path, rendered, m.getMessage().replaceFirst("^\\$[^:]*: ", ""));
    }
  }

  private static FieldError invalid(String path, String renderedValue, String detail) {
    return new FieldError(
        path, Type.FieldValueInvalid, "Invalid value: " + renderedValue + ": " + detail);
  }

  /** A keyword's value as kube-apiserver prints it: {@code maximum: 1000.0} is {@code 1000}. */
  private static String text(JsonNode n) {
    if (n != null && n.isFloatingPointNumber() && n.doubleValue() == Math.rint(n.doubleValue())) {
      return String.valueOf((long) n.doubleValue());
    }
    return n == null ? "?" : n.isTextual() ? n.textValue() : n.toString();
  }

  private static String joinTypes(JsonNode arr) {
    List<String> ts = new ArrayList<>();
    arr.forEach(
        t -> {
          if (!"null".equals(t.asText())) {
            ts.add(t.asText());
          }
        });
    return String.join(",", ts);
  }

  private static JsonNode keywordValue(ValidationMessage m, String kw) {
    JsonNode sn = m.getSchemaNode();
    if (sn != null && sn.isObject() && sn.has(kw) && !"properties".equals(kw)) {
      return sn.get(kw);
    }
    return sn;
  }
}
