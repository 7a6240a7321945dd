package org.openeuler.nestos.ostree.core.kargs;

import java.util.List;

/**
 * The change to a deployment's kernel arguments, as {@code rpm-ostree kargs} takes it: tokens to
 * delete if present, then tokens to append if missing (order kept). Never contains host-owned
 * tokens.
 */
public record KernelArgumentEdit(List<String> deleteIfPresent, List<String> appendIfMissing) {

  public static final KernelArgumentEdit NONE = new KernelArgumentEdit(List.of(), List.of());

  public KernelArgumentEdit {
    deleteIfPresent = List.copyOf(deleteIfPresent);
    appendIfMissing = List.copyOf(appendIfMissing);
  }

  public boolean isEmpty() {
    return deleteIfPresent.isEmpty() && appendIfMissing.isEmpty();
  }
}
