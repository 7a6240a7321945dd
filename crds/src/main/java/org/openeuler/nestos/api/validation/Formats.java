package org.openeuler.nestos.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openeuler.nestos.api.validation.FieldError.Type;

/**
 * The string {@code format}s kube-apiserver checks that our CRDs use, with kube-openapi's rules
 * ({@code strfmt.IsDateTime}, {@code IsDate}): {@code date-time} is a valid {@code yyyy-MM-dd}
 * date, a {@code T} and {@code hh:mm:ss}, optional fraction, then {@code Z} or {@code ±hh:mm} (a
 * missing zone is refused); {@code date} is a valid {@code yyyy-MM-dd}. A failure is a type error
 * (so it keeps the CEL rules from running). Other formats are not checked (the project's CRDs use
 * none). Found by the differential admission test (docs/admission-differential.md).
 */
final class Formats {

  private static final Pattern TIME =
      Pattern.compile("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  private Formats() {}

  /** Appends a type error for every string of {@code object} that breaks its schema's format. */
  static void validate(JsonNode schema, JsonNode object, List<FieldError> errors) {
    walk(schema, object, "", true, errors);
  }

  private static void walk(
      JsonNode s, JsonNode value, String path, boolean root, List<FieldError> errors) {
    if (s == null || value == null) {
      return;
    }
    if (value.isTextual() && s.has("format")) {
      String format = s.get("format").asText();
      if (!valid(format, value.textValue())) {
        String where = path.isEmpty() ? "body" : path + " in body";
        String quoted = Schemas.quote(value.textValue());
        errors.add(
            new FieldError(
                path,
                Type.FieldValueTypeInvalid,
                "Invalid value: "
                    + quoted
                    + ": "
                    + where
                    + " must be of type "
                    + format
                    + ": "
                    + quoted));
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        walk(Schemas.items(s), value.get(i), Schemas.index(path, i), false, errors);
      }
    } else if (value.isObject()) {
      JsonNode props = Schemas.properties(s);
      JsonNode ap = Schemas.additionalPropertiesSchema(s);
      value
          .fields()
          .forEachRemaining(
              e -> {
                String k = e.getKey();
                if (root && k.equals("metadata")) {
                  return;
                }
                if (props != null && props.has(k)) {
                  walk(props.get(k), e.getValue(), Schemas.child(path, k), false, errors);
                } else if (ap != null) {
                  walk(ap, e.getValue(), Schemas.key(path, k), false, errors);
                }
              });
    }
  }

  static boolean valid(String format, String v) {
    return switch (format) {
      case "date-time", "datetime" -> isDateTime(v);
      case "date" -> isDate(v);
      default -> true;
    };
  }

  private static boolean isDateTime(String v) {
    if (v.length() < 4) {
      return false;
    }
    String[] parts = v.toLowerCase(Locale.ROOT).split("t", -1);
    if (parts.length < 2 || !isDate(parts[0])) {
      return false;
    }
    Matcher m = TIME.matcher(parts[1]);
    return m.find()
        && m.group(1).compareTo("23") <= 0
        && m.group(2).compareTo("59") <= 0
        && m.group(3).compareTo("59") <= 0;
  }

  private static boolean isDate(String v) {
    try {
      LocalDate.parse(v, DATE);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
