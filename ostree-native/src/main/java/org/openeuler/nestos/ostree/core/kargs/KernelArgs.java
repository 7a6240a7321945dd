package org.openeuler.nestos.ostree.core.kargs;

import java.util.ArrayList;
import java.util.List;

/**
 * Kernel command lines as ordered tokens ({@code console=tty0 console=ttyS0,115200 quiet}). Tokens
 * are kept as written: repeats and order matter ({@code hugepagesz=1G hugepages=4 hugepagesz=2M
 * hugepages=512}); a quoted value ({@code foo="a b"}) stays one token, quotes included, as the
 * kernel and ostree print it.
 */
public final class KernelArgs {

  private KernelArgs() {}

  /** Splits a command line at whitespace outside double quotes. */
  public static List<String> tokenize(String cmdline) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < cmdline.length(); i++) {
      char c = cmdline.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (Character.isWhitespace(c) && !quoted) {
        flush(tokens, token);
      } else {
        token.append(c);
      }
    }
    flush(tokens, token);
    return List.copyOf(tokens);
  }

  /**
   * The kernel's own arguments from {@code /proc/cmdline}: everything before a bare {@code --}
   * (what follows is passed to init, e.g. {@code -- --firecracker-init}).
   */
  public static List<String> parseProcCmdline(String procCmdline) {
    List<String> tokens = tokenize(procCmdline);
    int end = tokens.indexOf("--");
    return end < 0 ? tokens : List.copyOf(tokens.subList(0, end));
  }

  /**
   * The key of a token: the part before the first {@code =} (the whole token for flags such as
   * {@code quiet}).
   */
  public static String key(String token) {
    int eq = token.indexOf('=');
    return eq < 0 ? token : token.substring(0, eq);
  }

  /**
   * Whether {@code token} is a single, non-empty kernel argument (no unquoted whitespace, balanced
   * quotes).
   */
  public static boolean isToken(String token) {
    return token != null
        && !token.isEmpty()
        && !token.equals("--")
        && tokenize(token).equals(List.of(token))
        && token.chars().filter(c -> c == '"').count() % 2 == 0;
  }

  /** Joins tokens back into a command line. */
  public static String join(List<String> tokens) {
    return String.join(" ", tokens);
  }

  private static void flush(List<String> tokens, StringBuilder token) {
    if (token.length() > 0) {
      tokens.add(token.toString());
      token.setLength(0);
    }
  }
}
