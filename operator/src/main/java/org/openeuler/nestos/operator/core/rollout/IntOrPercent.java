package org.openeuler.nestos.operator.core.rollout;

/**
 * An absolute count or a percentage, resolved against the number of targeted nodes (percent rounded
 * down).
 */
public record IntOrPercent(int value, boolean percent) {
  public IntOrPercent {
    if (value < 0) {
      throw new IllegalArgumentException("must not be negative: " + value);
    }
  }

  /** An absolute count. */
  public static IntOrPercent of(int value) {
    return new IntOrPercent(value, false);
  }

  /** A percentage. */
  public static IntOrPercent percent(int value) {
    return new IntOrPercent(value, true);
  }

  /** Parses {@code "25%"} or {@code "3"}; {@code null} gives {@code fallback}. */
  public static IntOrPercent parse(String text, IntOrPercent fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    String t = text.trim();
    return t.endsWith("%")
        ? percent(Integer.parseInt(t.substring(0, t.length() - 1)))
        : of(Integer.parseInt(t));
  }

  /** The count for {@code total} targets: a percentage rounded down. */
  public int resolve(int total) {
    return percent ? (int) ((long) total * value / 100) : value;
  }

  @Override
  public String toString() {
    return percent ? value + "%" : Integer.toString(value);
  }
}
