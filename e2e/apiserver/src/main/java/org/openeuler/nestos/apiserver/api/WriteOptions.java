package org.openeuler.nestos.apiserver.api;

import java.util.Map;

/**
 * Query parameters of a write: {@code dryRun=All}, {@code fieldManager}, {@code fieldValidation}
 * (Strict | Warn | Ignore; kube's default is Warn) and {@code force} (server-side apply).
 */
public record WriteOptions(
    boolean dryRun, String fieldManager, FieldValidation fieldValidation, boolean force) {

  public enum FieldValidation {
    STRICT,
    WARN,
    IGNORE
  }

  public static WriteOptions from(Map<String, String> query, String userAgent) {
    String manager = query.get("fieldManager");
    if (manager == null || manager.isBlank()) {
      manager = defaultManager(userAgent);
    }
    String validation = query.getOrDefault("fieldValidation", "Warn");
    FieldValidation fv =
        switch (validation) {
          case "Strict" -> FieldValidation.STRICT;
          case "Ignore" -> FieldValidation.IGNORE;
          case "Warn", "" -> FieldValidation.WARN;
          default ->
              throw ApiException.badRequest(
                  "fieldValidation must be one of Strict, Warn, Ignore; got " + validation);
        };
    return new WriteOptions(
        "All".equals(query.get("dryRun")), manager, fv, "true".equals(query.get("force")));
  }

  /**
   * kube-apiserver names an unnamed manager after the user agent's program name
   * ("kubectl-client-side-apply" is sent explicitly).
   */
  static String defaultManager(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "unknown";
    }
    int slash = userAgent.indexOf('/');
    return slash > 0 ? userAgent.substring(0, slash) : userAgent;
  }

  public static WriteOptions defaults() {
    return new WriteOptions(false, "test", FieldValidation.WARN, false);
  }
}
