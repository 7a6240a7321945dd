package org.openeuler.nestos.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an API server decided about a create: accepted, or rejected with the set of field paths it
 * named, in one notation for both servers (see {@link #normalise}). {@code detail} is for the
 * report only and is not compared.
 */
record AdmissionVerdict(boolean accepted, Set<String> fields, String detail) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UNKNOWN_FIELD = Pattern.compile("unknown field \"([^\"]*)\"");
  private static final Pattern MAP_KEY = Pattern.compile("\\[([^\\]]*[^0-9\\]][^\\]]*)\\]");

  static AdmissionVerdict accept() {
    return new AdmissionVerdict(true, Set.of(), "");
  }

  /**
   * Our side, as the stand-in API server (e2e/apiserver Admissions) runs it for a create with
   * {@code fieldValidation=Strict}: unknown fields are a strict decoding error on their own, else
   * {@link CrdSchema#admit} with pruning. The status subresource drops {@code status} on create.
   */
  static AdmissionVerdict ours(CrdSchemas crds, JsonNode object) {
    JsonNode obj = object.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) obj).remove("status");
    CrdSchema schema = crds.get(obj.path("apiVersion").asText(), obj.path("kind").asText());
    List<String> unknown = schema.unknownFields(obj);
    if (!unknown.isEmpty()) {
      return new AdmissionVerdict(false, normalise(unknown), "strict decoding error: " + unknown);
    }
    AdmissionResult r = schema.admit(obj, null, Strictness.PRUNE);
    if (r.allowed()) {
      return accept();
    }
    return new AdmissionVerdict(
        false, normalise(r.errors().stream().map(FieldError::field).toList()), r.summary());
  }

  /**
   * Our side of a status subresource update with {@code fieldValidation=Strict}, as the stand-in
   * runs it: the stored object with the request's {@code status}, strict unknown-field check, then
   * {@link CrdSchema#admit} against the stored object.
   */
  static AdmissionVerdict oursStatusUpdate(CrdSchemas crds, JsonNode stored, JsonNode request) {
    com.fasterxml.jackson.databind.node.ObjectNode next = stored.deepCopy();
    if (request.has("status")) {
      next.set("status", request.get("status"));
    } else {
      next.remove("status");
    }
    CrdSchema schema = crds.get(next.path("apiVersion").asText(), next.path("kind").asText());
    List<String> unknown = schema.unknownFields(next);
    if (!unknown.isEmpty()) {
      return new AdmissionVerdict(false, normalise(unknown), "strict decoding error: " + unknown);
    }
    AdmissionResult r = schema.admit(next, stored, Strictness.PRUNE);
    if (r.allowed()) {
      return accept();
    }
    return new AdmissionVerdict(
        false, normalise(r.errors().stream().map(FieldError::field).toList()), r.summary());
  }

  /** The real kube-apiserver's answer to a {@code dryRun=All&fieldValidation=Strict} create. */
  static AdmissionVerdict real(int code, String body) {
    if (code == 200 || code == 201) {
      return accept();
    }
    JsonNode status;
    try {
      status = JSON.readTree(body);
    } catch (Exception e) {
      return new AdmissionVerdict(false, Set.of("<http " + code + ">"), body);
    }
    String message = status.path("message").asText("");
    if (code == 422) {
      List<String> fields = new java.util.ArrayList<>();
      status.path("details").path("causes").forEach(c -> fields.add(c.path("field").asText("")));
      return new AdmissionVerdict(false, normalise(fields), message);
    }
    if (code == 400 && message.contains("strict decoding error")) {
      List<String> fields = new java.util.ArrayList<>();
      Matcher m = UNKNOWN_FIELD.matcher(message);
      while (m.find()) {
        fields.add(m.group(1));
      }
      return new AdmissionVerdict(false, normalise(fields), message);
    }
    return new AdmissionVerdict(false, Set.of("<http " + code + ">"), message);
  }

  /**
   * One notation for field paths: the real apiserver writes a map key as {@code .key} in schema
   * errors and {@code [key]} in CEL errors, ours always {@code [key]}; both become {@code .key}. A
   * nil path ({@code <nil>}) is the empty path.
   */
  static Set<String> normalise(List<String> paths) {
    Set<String> out = new TreeSet<>();
    for (String p : paths) {
      String n =
          p.equals("<nil>")
              ? ""
              : MAP_KEY.matcher(p).replaceAll(m -> Matcher.quoteReplacement("." + m.group(1)));
      out.add(n);
    }
    return out;
  }

  boolean sameAs(AdmissionVerdict other) {
    return accepted == other.accepted && fields.equals(other.fields);
  }

  @Override
  public String toString() {
    return accepted ? "accepted" : "rejected " + fields;
  }
}
