package org.openeuler.nestos.apiserver.api;

import java.util.List;

/** A request the API refuses; rendered as a {@code v1 Status} with this code, reason and causes. */
public final class ApiException extends RuntimeException {

  /** One field-level cause ({@code details.causes[]}), e.g. reason {@code FieldValueInvalid}. */
  public record Cause(String reason, String message, String field) {}

  private final int code;
  private final String reason;
  private final String name;
  private final String group;
  private final String kind;
  private final List<Cause> causes;
  private com.fasterxml.jackson.databind.JsonNode statusBody;

  public ApiException(
      int code,
      String reason,
      String message,
      String name,
      String group,
      String kind,
      List<Cause> causes) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.name = name;
    this.group = group;
    this.kind = kind;
    this.causes = List.copyOf(causes);
  }

  public static ApiException of(int code, String reason, String message) {
    return new ApiException(code, reason, message, null, null, null, List.of());
  }

  public static ApiException badRequest(String message) {
    return of(400, "BadRequest", message);
  }

  public static ApiException notFound(String group, String plural, String name) {
    String resource = group.isEmpty() ? plural : plural + "." + group;
    return new ApiException(
        404, "NotFound", resource + " \"" + name + "\" not found", name, group, plural, List.of());
  }

  public static ApiException alreadyExists(String group, String plural, String name) {
    String resource = group.isEmpty() ? plural : plural + "." + group;
    return new ApiException(
        409,
        "AlreadyExists",
        resource + " \"" + name + "\" already exists",
        name,
        group,
        plural,
        List.of());
  }

  public static ApiException conflict(String group, String plural, String name, String why) {
    String resource = group.isEmpty() ? plural : plural + "." + group;
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + resource + " \"" + name + "\": " + why,
        name,
        group,
        plural,
        List.of());
  }

  public static ApiException unsupportedMediaType(String message) {
    return of(415, "UnsupportedMediaType", message);
  }

  /** A refusal whose {@code v1 Status} body was already built (e.g. by the eviction decision). */
  public static ApiException withStatus(int code, com.fasterxml.jackson.databind.JsonNode status) {
    ApiException e =
        new ApiException(
            code,
            status.path("reason").asText(""),
            status.path("message").asText(""),
            null,
            null,
            null,
            List.of());
    e.statusBody = status;
    return e;
  }

  /** The prebuilt Status body, or null when it is to be rendered from the other fields. */
  public com.fasterxml.jackson.databind.JsonNode statusBody() {
    return statusBody;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public String name() {
    return name;
  }

  public String group() {
    return group;
  }

  public String kind() {
    return kind;
  }

  public List<Cause> causes() {
    return causes;
  }
}
