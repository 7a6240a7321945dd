package org.openeuler.nestos.apiserver.patch;

/**
 * A patch could not be applied; {@link #httpStatus()} is the status kube-apiserver would answer.
 */
public class PatchException extends RuntimeException {

  private final int httpStatus;

  public PatchException(int httpStatus, String message) {
    super(message);
    this.httpStatus = httpStatus;
  }

  /** Malformed patch document (400). */
  public static PatchException badRequest(String message) {
    return new PatchException(400, message);
  }

  /** Well-formed patch that cannot be applied to this object (422). */
  public static PatchException unprocessable(String message) {
    return new PatchException(422, message);
  }

  public int httpStatus() {
    return httpStatus;
  }
}
