package org.openeuler.nestos.ostree.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge: scheme ({@code bearer} / {@code basic}, lower case) and
 * its parameters, e.g. {@code Bearer
 * realm="https://auth/token",service="registry",scope="repository:a/b:pull,push"}.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

  public AuthChallenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Map.copyOf(params);
  }

  /**
   * Parses a header value: the scheme, then comma-separated {@code key=value} or {@code
   * key="quoted, value"}.
   */
  public static AuthChallenge parse(String header) {
    String h = header.trim();
    int space = h.indexOf(' ');
    if (space < 0) {
      return new AuthChallenge(h, Map.of());
    }
    Map<String, String> params = new LinkedHashMap<>();
    int i = space + 1;
    int n = h.length();
    while (i < n) {
      while (i < n && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
        i++;
      }
      int eq = h.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < n && h.charAt(i) == '"') {
        i++;
        while (i < n && h.charAt(i) != '"') {
          if (h.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          value.append(h.charAt(i++));
        }
        i++;
      } else {
        while (i < n && h.charAt(i) != ',') {
          value.append(h.charAt(i++));
        }
      }
      params.put(key, value.toString().trim());
    }
    return new AuthChallenge(h.substring(0, space), params);
  }

  public String param(String name) {
    return params.get(name);
  }
}
