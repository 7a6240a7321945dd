package org.openeuler.nestos.ostree.core.ref;

/**
 * An image reference that does not parse: says what is wrong and at which (0-based) character
 * position.
 */
public final class ReferenceFormatException extends IllegalArgumentException {

  private final String input;
  private final int position;

  public ReferenceFormatException(String input, int position, String what, String detail) {
    super(what + " at position " + position + ": " + detail + " (in \"" + input + "\")");
    this.input = input;
    this.position = position;
  }

  public String input() {
    return input;
  }

  public int position() {
    return position;
  }
}
