package org.openeuler.nestos.ostree.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Where host commands run: in the caller's own namespaces ({@link #NONE}), in the host's namespaces
 * entered through PID 1 ({@link #NSENTER}: {@code nsenter -t 1 -m -u -i -n -p --}, for a privileged
 * DaemonSet pod with {@code hostPID}), or under a root directory ({@code chroot <root>}, e.g. the
 * host root mounted at {@code /host}).
 */
public record HostNamespace(Mode mode, String root) {

  /** The three ways in. */
  public enum Mode {
    NONE,
    NSENTER,
    CHROOT
  }

  public static final HostNamespace NONE = new HostNamespace(Mode.NONE, null);
  public static final HostNamespace NSENTER = new HostNamespace(Mode.NSENTER, null);
  static final List<String> NSENTER_PREFIX =
      List.of("nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "--");

  public HostNamespace {
    if (mode == null) {
      throw new IllegalArgumentException("mode is required");
    }
    if ((mode == Mode.CHROOT) != (root != null && !root.isEmpty())) {
      throw new IllegalArgumentException("a root directory goes with CHROOT only");
    }
  }

  public static HostNamespace chroot(String root) {
    return new HostNamespace(Mode.CHROOT, root);
  }

  /** The argument list that runs {@code argv} in this namespace. */
  public List<String> wrap(List<String> argv) {
    List<String> wrapped = new ArrayList<>();
    switch (mode) {
      case NSENTER -> wrapped.addAll(NSENTER_PREFIX);
      case CHROOT -> wrapped.addAll(List.of("chroot", root));
      case NONE -> {}
    }
    wrapped.addAll(argv);
    return List.copyOf(wrapped);
  }
}
