package org.openeuler.nestos.simulator.chaos;

/**
 * An invariant broken.
 *
 * @param invariant which one ({@link Invariants})
 * @param atMillis when it was seen, since the rollout started
 * @param detail what was seen
 */
public record Violation(String invariant, long atMillis, String detail) {
  @Override
  public String toString() {
    return invariant + " at " + atMillis + " ms: " + detail;
  }
}
