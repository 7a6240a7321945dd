package org.openeuler.nestos.daemon.core.sysctl;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Key-to-path mapping, value normalisation and namespacing facts. */
public final class SysctlKeys {

  /** The kernel's sysctl root on the host. */
  public static final String PROC_SYS = "/proc/sys";

  private SysctlKeys() {}

  /**
   * The {@code /proc/sys} file of a dotted key under {@code procSys}. Only for keys that passed
   * {@link SysctlRules#checkName}: they contain no {@code /} and no empty segment.
   */
  public static String path(String procSys, String name) {
    if (name.indexOf('/') >= 0
        || name.contains("..")
        || name.startsWith(".")
        || name.endsWith(".")) {
      throw new IllegalArgumentException("not a dotted sysctl key: " + name);
    }
    String root = procSys.endsWith("/") ? procSys.substring(0, procSys.length() - 1) : procSys;
    return root + "/" + name.replace('.', '/');
  }

  /**
   * A value as the kernel prints it, whitespace-normalised: fields split on any whitespace (the
   * kernel prints multi-value keys such as {@code net.ipv4.ip_local_port_range} with a TAB) and
   * joined with one space; surrounding whitespace and the trailing newline dropped.
   */
  public static String normalize(String value) {
    if (value == null) {
      return null;
    }
    String s = value.strip();
    if (s.isEmpty()) {
      return "";
    }
    return Arrays.stream(s.split("\\s+")).collect(Collectors.joining(" "));
  }

  /** Whether two values are equal as the kernel would print them. */
  public static boolean sameValue(String a, String b) {
    return a != null && b != null && normalize(a).equals(normalize(b));
  }

  /**
   * Keys that belong to a network or IPC namespace: setting them from the host changes the host's
   * namespace only ({@code net.*}, {@code kernel.shm*}, {@code kernel.msg*}, {@code kernel.sem},
   * {@code fs.mqueue.*}).
   */
  public static boolean isNamespaced(String name) {
    return name.startsWith("net.")
        || name.startsWith("kernel.shm")
        || name.startsWith("kernel.msg")
        || name.equals("kernel.sem")
        || name.startsWith("fs.mqueue.");
  }
}
