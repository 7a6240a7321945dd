package org.openeuler.nestos.ostree.registry;

/** 404: what was not found — a manifest, a blob, the repository, an upload session. */
public class NotFoundException extends RegistryException {

  /** What the registry did not know. */
  public enum What {
    MANIFEST,
    BLOB,
    REPOSITORY,
    UPLOAD,
    OTHER
  }

  private final What what;

  public NotFoundException(String message, String code, What what) {
    super(message, 404, code);
    this.what = what;
  }

  public What what() {
    return what;
  }
}
