package org.openeuler.nestos.ostree.registry;

/** 403 Forbidden: the credentials may not do this. */
public class ForbiddenException extends RegistryException {

  public ForbiddenException(String message, int status, String code) {
    super(message, status, code);
  }
}
