package org.openeuler.nestos.ostree.registry;

/** 401 Unauthorized: no or wrong credentials (after the auth flow). */
public class UnauthorizedException extends RegistryException {

  public UnauthorizedException(String message, int status, String code) {
    super(message, status, code);
  }
}
