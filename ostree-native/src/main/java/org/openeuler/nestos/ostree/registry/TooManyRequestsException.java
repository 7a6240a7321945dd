package org.openeuler.nestos.ostree.registry;

/** 429 Too Many Requests, still there after the retries. */
public class TooManyRequestsException extends RegistryException {

  public TooManyRequestsException(String message, String code) {
    super(message, 429, code);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
