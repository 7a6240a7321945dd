package org.openeuler.nestos.api.validation;

import java.util.Objects;

/**
 * One validation failure, shaped like a Kubernetes {@code StatusCause}: {@code field} is the
 * cause's field (e.g. {@code spec.sysctls[2].name}), {@code type} its reason, {@code message} the
 * error body without the field (e.g. {@code Unsupported value: "Foo": supported values: "A", "B"}).
 */
public record FieldError(String field, Type type, String message) {

  /** Kubernetes {@code field.ErrorType} reasons, as they appear in a 422 Status' causes. */
  public enum Type {
    FieldValueInvalid,
    FieldValueRequired,
    FieldValueNotSupported,
    FieldValueTooLong,
    FieldValueTooMany,
    FieldValueDuplicate,
    FieldValueForbidden,
    FieldValueTypeInvalid,
    FieldValueUnknown
  }

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
  }

  /** The full line, as kube-apiserver prints it: {@code <field>: <message>}. */
  public String describe() {
    return field.isEmpty() ? message : field + ": " + message;
  }

  @Override
  public String toString() {
    return describe() + " [" + type + "]";
  }
}
