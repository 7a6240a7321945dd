package org.openeuler.nestos.daemon.core.cgroup;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * How cgroup files print what was written to them, so a read-back is compared the way the kernel
 * prints it (Linux 6.x, {@code kernel/sched/core.c}, {@code mm/memcontrol.c}, {@code
 * block/blk-iocost.c}), and which sibling files a write changes as a side effect.
 */
public final class KernelFormat {

  /** PAGE_SIZE of the nodes we run on (x86_64, aarch64 with 4 KiB pages). */
  static final long PAGE = 4096;

  /** v1 {@code memory.*_in_bytes} prints PAGE_COUNTER_MAX * PAGE_SIZE for "unlimited". */
  static final String V1_MEMORY_UNLIMITED = "9223372036854771712";

  private KernelFormat() {}

  /**
   * True when {@code actual} (as read) is what the kernel prints after {@code planned} was written
   * to {@code file}.
   */
  public static boolean matches(String file, String planned, String actual) {
    if (actual == null) {
      return false;
    }
    String p = planned.strip();
    String a = actual.strip();
    return p.equals(a) || expectedPrint(name(file), p).equals(firstValue(name(file), a));
  }

  /**
   * What the kernel prints after accepting {@code planned}; unknown files print what was written.
   */
  static String expectedPrint(String name, String planned) {
    try {
      return switch (name) {
        // sched_group_set_shares clamps to [MIN_SHARES, MAX_SHARES] = [2, 262144].
        case "cpu.shares" -> Long.toString(Math.max(2, Math.min(262144, Long.parseLong(planned))));
        // Any negative quota means "no limit" and prints -1.
        case "cpu.cfs_quota_us" -> Long.parseLong(planned) < 0 ? "-1" : planned;
        // cpu.weight is stored as shares = round(w * 1024 / 100) and printed as round(shares * 100
        // / 1024).
        case "cpu.weight" ->
            Long.toString(roundDiv(roundDiv(Long.parseLong(planned) * 1024, 100) * 100, 1024));
        // "max" alone keeps the period; the first token is the quota.
        case "cpu.max" -> planned.split("\\s+")[0];
        case "memory.high", "memory.low", "memory.max", "memory.min" -> pages(planned, "max");
        case "memory.soft_limit_in_bytes", "memory.limit_in_bytes" ->
            planned.equals("-1") ? V1_MEMORY_UNLIMITED : pages(planned, V1_MEMORY_UNLIMITED);
        // "default N" and "N" both set the default weight; the file prints "default N".
        case "io.weight", "blkio.cost.weight", "blkio.weight", "blkio.bfq.weight" ->
            planned.startsWith("default ") ? planned.substring(8).strip() : planned;
        default -> planned;
      };
    } catch (NumberFormatException e) {
      return planned;
    }
  }

  /**
   * The comparable part of a read: the default weight line of weight files, the quota of {@code
   * cpu.max}.
   */
  static String firstValue(String name, String actual) {
    String first = actual.lines().findFirst().orElse("").strip();
    if (first.startsWith("default ")) {
      return first.substring(8).strip();
    }
    if (name.equals("cpu.max")) {
      return first.split("\\s+")[0];
    }
    return first;
  }

  /**
   * Files whose value a write to {@code file} changes as a side effect, to be checkpointed before
   * it and restored after it. Measured here (6.18): {@code cpu.idle=1} turns {@code cpu.shares}
   * into 3, and {@code cpu.idle=0} brings back 1024, not the previous shares; the same holds for v2
   * {@code cpu.weight}.
   */
  public static List<String> companions(String file) {
    String dir = file.substring(0, file.lastIndexOf('/'));
    return switch (name(file)) {
      case "cpu.idle" -> List.of(dir + "/cpu.shares", dir + "/cpu.weight");
      default -> List.of();
    };
  }

  /** The cgroup directory of a cgroup file. */
  public static String cgroupOf(String file) {
    return file.substring(0, file.lastIndexOf('/'));
  }

  static String name(String file) {
    return file.substring(file.lastIndexOf('/') + 1);
  }

  private static String pages(String planned, String unlimited) {
    if (planned.equals("max")) {
      return unlimited;
    }
    String s = planned.toUpperCase(Locale.ROOT);
    long mult =
        switch (s.charAt(s.length() - 1)) {
          case 'K' -> 1L << 10;
          case 'M' -> 1L << 20;
          case 'G' -> 1L << 30;
          case 'T' -> 1L << 40;
          default -> 1;
        };
    String digits = mult == 1 ? s : s.substring(0, s.length() - 1);
    BigInteger bytes = new BigInteger(digits).multiply(BigInteger.valueOf(mult));
    BigInteger floored = bytes.divide(BigInteger.valueOf(PAGE)).multiply(BigInteger.valueOf(PAGE));
    return floored.compareTo(new BigInteger(V1_MEMORY_UNLIMITED)) >= 0
        ? unlimited
        : floored.toString();
  }

  private static long roundDiv(long n, long d) {
    return (n + d / 2) / d;
  }
}
