package org.openeuler.nestos.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real requests made with a subject's token, each with the outcome the chart intends, and the
 * server's answer classified: allowed (2xx), refused by RBAC (403 from the authorizer) or refused
 * by the ValidatingAdmissionPolicy. Printed as a table; every row is asserted by the caller.
 */
final class AccessMatrix {

  enum Outcome {
    ALLOWED,
    RBAC_DENIED,
    POLICY_DENIED,
    /** anything else (404, 409, 422 ...): the row is wrong, not the chart */
    OTHER
  }

  record Row(
      String subject,
      String verb,
      String resource,
      Outcome expected,
      Outcome actual,
      int code,
      String message) {
    boolean ok() {
      return expected == actual;
    }
  }

  record Subject(String name, KubernetesClient client) {}

  static final String DRY_RUN_DELETE =
      "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"dryRun\":[\"All\"]}";

  private final URI server;
  private final List<Row> rows = new ArrayList<>();

  AccessMatrix(String serverUrl) {
    this.server = URI.create(serverUrl + "/");
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  /** GET {@code path}; {@code verb} is what the row calls it (get, list, watch). */
  Row get(Subject s, String verb, String resource, String path, Outcome expected) {
    return send(s, verb, resource, "GET", path, null, null, expected);
  }

  Row send(
      Subject s,
      String verb,
      String resource,
      String method,
      String path,
      String contentType,
      String body,
      Outcome expected) {
    HttpRequest.Builder b =
        s.client().getHttpClient().newHttpRequestBuilder().uri(server.resolve(path.substring(1)));
    if (!method.equals("GET")) {
      if (!path.contains("dryRun=All") && !path.endsWith("/token") && !path.contains("reviews")) {
        throw new IllegalArgumentException("a write in the matrix must be a dry run: " + path);
      }
      // a DELETE body replaces the query's options (the apiserver reads one or the other), and
      // fabric8 sends a request without a body as GET: the dry run goes into the body too
      String sent = method.equals("DELETE") ? DRY_RUN_DELETE : body;
      b.method(method, contentType == null ? "application/json" : contentType, sent);
    }
    HttpResponse<String> response;
    try {
      response =
          s.client().getHttpClient().sendAsync(b.build(), String.class).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " as " + s.name(), e);
    }
    int code = response.code();
    String message = message(response.body());
    Outcome actual;
    if (code >= 200 && code < 300) {
      actual = Outcome.ALLOWED;
      message = "";
    } else if (message.contains("ValidatingAdmissionPolicy")) {
      actual = Outcome.POLICY_DENIED;
    } else if (code == 403) {
      actual = Outcome.RBAC_DENIED;
    } else {
      actual = Outcome.OTHER;
    }
    Row row = new Row(s.name(), verb, resource, expected, actual, code, message);
    rows.add(row);
    return row;
  }

  private static String message(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode status = Serialization.jsonMapper().readTree(body);
      return status.path("message").asText(body);
    } catch (Exception e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }

  /** The matrix as text: subject, verb, resource, expected, actual (code) and the denial. */
  String table(String title) {
    int w1 = width(rows.stream().map(Row::subject).toList(), "subject");
    int w2 = width(rows.stream().map(Row::verb).toList(), "verb");
    int w3 = width(rows.stream().map(Row::resource).toList(), "resource");
    String format = "%-" + w1 + "s  %-" + w2 + "s  %-" + w3 + "s  %-13s  %-19s  %s%n";
    StringBuilder out = new StringBuilder(title).append('\n');
    out.append(
        String.format(format, "subject", "verb", "resource", "expected", "actual", "denial"));
    for (Row r : rows) {
      out.append(
          String.format(
              format,
              r.subject(),
              r.verb(),
              r.resource(),
              r.expected(),
              r.actual() + " " + r.code() + (r.ok() ? "" : " !!"),
              r.message().length() > 160 ? r.message().substring(0, 160) + "..." : r.message()));
    }
    long allowed = rows.stream().filter(r -> r.actual() == Outcome.ALLOWED).count();
    out.append(
        String.format(
            "%d rows: %d allowed, %d denied, %d not as expected%n",
            rows.size(),
            allowed,
            rows.size() - allowed,
            rows.stream().filter(r -> !r.ok()).count()));
    return out.toString();
  }

  private static int width(List<String> values, String header) {
    return Math.max(header.length(), values.stream().mapToInt(String::length).max().orElse(0));
  }
}
