package org.openeuler.nestos.ostree.core.kargs;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kernel arguments the project never appends, deletes or replaces (reason {@code HostOwned}): the
 * one deny-list behind both the NodeConfig CRD's admission rule (generated from {@link
 * #celRule(String)} when the CRD is built) and the daemon's refusal ({@link KernelArgumentDiff}).
 *
 * <ul>
 *   <li>boot plumbing written by ostree/the bootloader: {@code root=}, {@code rootflags=}, {@code
 *       rootfstype=}, {@code ostree=} and every {@code ostree.*} key, {@code BOOT_IMAGE=}, {@code
 *       initrd=}, {@code rw}, {@code ro}, {@code mount.usr*};
 *   <li>first-boot provisioning: {@code ignition.*} (e.g. {@code ignition.platform.id=}, {@code
 *       ignition.firstboot}), {@code $ignition_firstboot}, {@code coreos.*} (e.g. {@code
 *       coreos.oem.id=});
 *   <li>installer and initramfs settings: every dracut {@code rd.*} key (e.g. {@code
 *       rd.luks.uuid=}, {@code rd.lvm.lv=}, {@code rd.neednet=}), which the installer writes for
 *       the root device and network;
 *   <li>arguments that leave a node unreachable, so that no rollout can bring it back: another init
 *       ({@code init=}, {@code rdinit=}), another boot target or a volatile root ({@code
 *       systemd.unit=}, {@code systemd.volatile=}), and the single-user/rescue/emergency runlevel
 *       flags ({@code single}, {@code s}, {@code S}, {@code -s}, {@code 1}, {@code emergency},
 *       {@code -b}, {@code rescue}).
 * </ul>
 */
public final class HostOwnedArguments {

  /** Keys owned by the host, matched exactly. */
  public static final Set<String> KEYS =
      Set.of(
          "root",
          "rootflags",
          "rootfstype",
          "ostree",
          "BOOT_IMAGE",
          "initrd",
          "rw",
          "ro",
          "$ignition_firstboot",
          "init",
          "rdinit",
          "systemd.unit",
          "systemd.volatile",
          "single",
          "s",
          "S",
          "-s",
          "1",
          "emergency",
          "-b",
          "rescue");

  /** Key prefixes owned by the host. */
  public static final List<String> KEY_PREFIXES =
      List.of("ignition.", "coreos.", "rd.", "ostree.", "mount.usr");

  private HostOwnedArguments() {}

  public static boolean isHostOwned(String token) {
    String key = KernelArgs.key(token);
    return KEYS.contains(key) || KEY_PREFIXES.stream().anyMatch(key::startsWith);
  }

  /**
   * An RE2 expression matching exactly the host-owned tokens: {@code ^(KEY)(=|$)} for every key and
   * {@code ^PREFIX} for every prefix, regex metacharacters written as one-character classes so the
   * text needs no escaping inside a CEL string literal.
   */
  public static String pattern() {
    String keys = KEYS.stream().sorted().map(HostOwnedArguments::literal).collect(joining());
    String prefixes =
        KEY_PREFIXES.stream().sorted().map(HostOwnedArguments::literal).collect(joining());
    return "^((" + keys + ")(=|$)|(" + prefixes + "))";
  }

  /** A CEL rule that holds when no element of the string list {@code field} is host-owned. */
  public static String celRule(String field) {
    return "!has(self." + field + ") || self." + field + ".all(t, !t.matches('" + pattern() + "'))";
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining("|");
  }

  private static String literal(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (".$^*+?()[]{}|\\-".indexOf(c) >= 0) {
        b.append('[').append(c).append(']');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
