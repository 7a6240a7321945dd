package org.openeuler.nestos.ostree.registry;

/** A 5xx answer, still there after the retries. */
public class ServerErrorException extends RegistryException {

  public ServerErrorException(String message, int status, String code) {
    super(message, status, code);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
