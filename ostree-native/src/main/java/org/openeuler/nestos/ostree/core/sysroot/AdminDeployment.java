package org.openeuler.nestos.ostree.core.sysroot;

/**
 * One deployment as {@code ostree admin status} prints it, in boot order ({@code index} 0 = default
 * next boot).
 *
 * @param index position in the boot order (what {@code ostree admin pin/undeploy} take)
 * @param osname the stateroot
 * @param checksum commit checksum
 * @param serial deployment serial (the {@code .N} suffix)
 * @param booted whether ostree marks it booted ({@code *})
 * @param marker {@code staged}, {@code pending}, {@code rollback} or null
 * @param version the commit's version, or null
 * @param pinned whether it is pinned
 */
public record AdminDeployment(
    int index,
    String osname,
    String checksum,
    int serial,
    boolean booted,
    String marker,
    String version,
    boolean pinned) {

  /** The deployment directory name, {@code <checksum>.<serial>}. */
  public String id() {
    return checksum + "." + serial;
  }
}
