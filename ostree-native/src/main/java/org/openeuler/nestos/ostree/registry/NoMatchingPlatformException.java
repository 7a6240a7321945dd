package org.openeuler.nestos.ostree.registry;

import java.util.List;
import org.openeuler.nestos.ostree.core.image.Platform;

/** An image index has no image manifest for the node's platform. */
public class NoMatchingPlatformException extends RegistryException {

  private final Platform wanted;
  private final List<String> offered;

  public NoMatchingPlatformException(Platform wanted, List<String> offered) {
    super(
        "image index has no manifest for platform " + wanted + " (offers " + offered + ")",
        0,
        null);
    this.wanted = wanted;
    this.offered = List.copyOf(offered);
  }

  /** An image (not an index) whose config names another platform; {@code why} says which. */
  public NoMatchingPlatformException(Platform wanted, String why) {
    super(why, 0, null);
    this.wanted = wanted;
    this.offered = List.of();
  }

  public Platform wanted() {
    return wanted;
  }

  public List<String> offered() {
    return offered;
  }
}
