package org.openeuler.nestos.ostree.core.kargs;

import java.util.List;
import java.util.Set;

/**
 * Kernel arguments the host owns; the project never appends, deletes or replaces them (reason
 * {@code HostOwned}):
 *
 * <ul>
 *   <li>boot plumbing written by ostree/the bootloader: {@code root=}, {@code rootflags=}, {@code
 *       rootfstype=}, {@code ostree=}, {@code BOOT_IMAGE=}, {@code initrd=}, {@code rw}, {@code
 *       ro};
 *   <li>first-boot provisioning: {@code ignition.*} (e.g. {@code ignition.platform.id=}, {@code
 *       ignition.firstboot}), {@code $ignition_firstboot}, {@code coreos.*} (e.g. {@code
 *       coreos.oem.id=});
 *   <li>installer and initramfs settings: every dracut {@code rd.*} key (e.g. {@code
 *       rd.luks.uuid=}, {@code rd.lvm.lv=}, {@code rd.neednet=}), which the installer writes for
 *       the root device and network.
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
          "$ignition_firstboot");

  /** Key prefixes owned by the host. */
  public static final List<String> KEY_PREFIXES = List.of("ignition.", "coreos.", "rd.");

  private HostOwnedArguments() {}

  public static boolean isHostOwned(String token) {
    String key = KernelArgs.key(token);
    return KEYS.contains(key) || KEY_PREFIXES.stream().anyMatch(key::startsWith);
  }
}
