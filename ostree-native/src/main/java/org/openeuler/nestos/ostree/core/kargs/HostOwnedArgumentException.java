package org.openeuler.nestos.ostree.core.kargs;

/** A policy asked for a kernel argument the host owns (see {@link HostOwnedArguments}). */
public final class HostOwnedArgumentException extends IllegalArgumentException {

  private final String owner;
  private final String token;

  public HostOwnedArgumentException(String owner, String token) {
    super(
        "kernel argument \""
            + token
            + "\" from "
            + owner
            + " is host-owned (HostOwned) and is never changed");
    this.owner = owner;
    this.token = token;
  }

  public String owner() {
    return owner;
  }

  public String token() {
    return token;
  }
}
