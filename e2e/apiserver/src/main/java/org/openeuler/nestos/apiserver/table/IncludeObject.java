package org.openeuler.nestos.apiserver.table;

import java.util.Locale;

/**
 * The {@code includeObject} query parameter of Table requests; kube's default is {@link #METADATA}.
 */
public enum IncludeObject {
  NONE,
  METADATA,
  OBJECT;

  /**
   * Parses {@code None}/{@code Metadata}/{@code Object} (case-insensitive); null or empty →
   * METADATA.
   */
  public static IncludeObject parse(String value) {
    return value == null || value.isBlank()
        ? METADATA
        : valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
