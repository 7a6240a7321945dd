package org.openeuler.nestos.apiserver.patch;

/** An RFC 6902 {@code test} operation did not match (kube-apiserver answers 422). */
public final class JsonPatchTestFailedException extends PatchException {

  private final String path;

  public JsonPatchTestFailedException(String path, String message) {
    super(422, message);
    this.path = path;
  }

  /** The JSON pointer of the failed test. */
  public String path() {
    return path;
  }
}
