package org.openeuler.nestos.operator;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The operator's log level (the chart's {@code operator.logLevel}, variable {@code
 * NESTOS_LOG_LEVEL} or flag {@code --log-level}) for slf4j-simple, which reads {@value #PROPERTY}
 * once, when the first logger is created: {@link OperatorMain} applies it before anything logs. A
 * level given to the JVM with {@code -D} (e.g. in {@code JAVA_TOOL_OPTIONS}) wins.
 */
public final class LogLevel {

  /** slf4j-simple's default level for every logger. */
  public static final String PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

  private LogLevel() {}

  /**
   * The level {@code env} and {@code args} ask for ({@code --log-level=} over {@code
   * NESTOS_LOG_LEVEL}), lower-cased, or null for none.
   *
   * @throws IllegalArgumentException for a level slf4j-simple does not know
   */
  public static String requested(Map<String, String> env, String... args) {
    String level = env.get("NESTOS_LOG_LEVEL");
    for (String a : args) {
      if (a.startsWith("--log-level=")) {
        level = a.substring("--log-level=".length());
      }
    }
    if (level == null || level.isBlank()) {
      return null;
    }
    String l = level.trim().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(l)) {
      throw new IllegalArgumentException(
          "unknown log level "
              + level
              + " (NESTOS_LOG_LEVEL or --log-level): expected one of "
              + "trace, debug, info, warn, error, off");
    }
    return l;
  }

  /**
   * Sets {@value #PROPERTY} to the requested level unless the JVM already has one; returns the
   * level in effect (null: slf4j-simple's default, info).
   */
  public static String apply(Map<String, String> env, String... args) {
    String requested = requested(env, args);
    String given = System.getProperty(PROPERTY);
    if (given != null) {
      return given;
    }
    if (requested != null) {
      System.setProperty(PROPERTY, requested);
    }
    return requested;
  }
}
