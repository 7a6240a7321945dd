package org.openeuler.nestos.daemon.core.sysctl;

/**
 * What the daemon read about one key's {@code /proc/sys} file: whether it exists and is writable,
 * and its value as the kernel printed it ({@code null} when missing or unreadable).
 */
public record LiveKey(String name, boolean exists, boolean writable, String value) {

  public static LiveKey missing(String name) {
    return new LiveKey(name, false, false, null);
  }

  public static LiveKey of(String name, String value) {
    return new LiveKey(name, true, true, value);
  }
}
