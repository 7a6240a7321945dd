package org.openeuler.nestos.ostree.core.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks every entry of one layer before anything is written, and says which entries are ostree
 * objects to extract. Layer layout (ostree-rs-ext tar format, containers/bootc {@code
 * ostree-ext/src/tar/export.rs} and the {@code ostree-ext} README "module tar"): objects under
 * {@code sysroot/ostree/repo/objects/<2 hex>/<62 hex>.<type>} plus an optional hard-linked
 * checkout, which is validated and ignored.
 *
 * <p>Refused, with the entry named in the error: absolute paths, {@code ..}, empty or NUL segments,
 * entries below a symlink of this layer (escape through a symlinked parent), whiteouts ({@code
 * .wh.*}, including opaque {@code .wh..wh..opq}: only derived non-ostree layers have them),
 * devices/fifos, hard links to entries not seen earlier in this layer, hard links from an object to
 * a non-object, unknown names in the object store, names or link targets longer than {@link
 * LayerLimits#maxNameBytes} and more entries than {@link LayerLimits#maxEntries}. Names in errors
 * are escaped ({@link #printable}). Stateful: one instance per layer, fed entries in tar order; its
 * memory is a {@link NameTable} (9 bytes per slot), not the names.
 */
public final class LayerEntryPolicy {

  public static final String OBJECTS = "sysroot/ostree/repo/objects/";
  private static final Pattern OBJECT =
      Pattern.compile("[0-9a-f]{2}/[0-9a-f]{62}\\.(commit|commitmeta|dirtree|dirmeta|file)");
  private static final Pattern SPLIT_XATTRS =
      Pattern.compile("[0-9a-f]{2}/[0-9a-f]{62}\\.file-xattrs(-link)?");
  private static final Pattern OBJECT_DIR = Pattern.compile("[0-9a-f]{2}");

  private static final int MAX_PRINTED = 200;

  private final LayerLimits limits;
  private final NameTable names = new NameTable();
  private int entries;
  private boolean anySymlink;

  public LayerEntryPolicy() {
    this(LayerLimits.DEFAULT);
  }

  public LayerEntryPolicy(LayerLimits limits) {
    this.limits = limits;
  }

  /**
   * Validates {@code entry}; returns the object path relative to {@code objects/} ({@code
   * xx/<rest>.<type>}) when it is an ostree object to extract, empty when it is safe but not
   * extracted.
   *
   * @throws InvalidImageException when the entry is unsafe or malformed
   */
  public Optional<String> check(LayerEntry entry) {
    if (++entries > limits.maxEntries()) {
      throw refuse(
          entry, "is beyond the limit of " + limits.maxEntries() + " entries in one layer");
    }
    requireShort(entry, entry.name(), "name");
    if (entry.linkName() != null) {
      requireShort(entry, entry.linkName(), "link target");
    }
    String name = normalize(entry.name(), entry.name());
    if (entry.type() == LayerEntry.Type.OTHER) {
      throw refuse(entry, "devices, fifos and sockets are not allowed");
    }
    String base = name.substring(name.lastIndexOf('/') + 1);
    if (base.startsWith(".wh.")) {
      throw refuse(
          entry,
          "is a whiteout"
              + (base.equals(".wh..wh..opq") ? " (opaque directory)" : "")
              + "; ostree-native layers carry objects only, derived layers with deletions are not supported");
    }
    for (int i = name.indexOf('/'); anySymlink && i > 0; i = name.indexOf('/', i + 1)) {
      if ((names.get(name.substring(0, i)) & NameTable.SYMLINK) != 0) {
        throw refuse(
            entry,
            "lies below the symlink "
                + printable(name.substring(0, i))
                + " (would escape the root)");
      }
    }
    String target = null;
    int targetFlags = 0;
    int bits = NameTable.SEEN;
    if (entry.type() == LayerEntry.Type.HARDLINK) {
      target = normalize(entry.linkName(), entry.name());
      targetFlags = names.get(target);
      if ((targetFlags & NameTable.SEEN) == 0) {
        throw refuse(
            entry,
            "hard-links to " + printable(target) + ", which is not an earlier entry of this layer");
      }
    } else if (entry.type() == LayerEntry.Type.SYMLINK) {
      if (entry.linkName() == null
          || entry.linkName().isEmpty()
          || entry.linkName().indexOf('\0') >= 0) {
        throw refuse(entry, "is a symlink without a valid target");
      }
      bits |= NameTable.SYMLINK;
      anySymlink = true;
    }
    Optional<String> object = objectPath(entry, name);
    if (object.isPresent()) {
      if (target != null && (targetFlags & NameTable.OBJECT) == 0) {
        throw refuse(entry, "is an object hard-linked to the non-object " + printable(target));
      }
      bits |= NameTable.OBJECT;
    }
    names.add(name, bits);
    return object;
  }

  private Optional<String> objectPath(LayerEntry entry, String name) {
    if (!name.startsWith(OBJECTS)) {
      return Optional.empty();
    }
    String rel = name.substring(OBJECTS.length());
    if (entry.type() == LayerEntry.Type.DIRECTORY) {
      if (!OBJECT_DIR.matcher(rel).matches()) {
        throw refuse(entry, "is an unexpected directory in the object store");
      }
      return Optional.empty();
    }
    if (SPLIT_XATTRS.matcher(rel).matches()) {
      return Optional.empty();
    }
    if (!OBJECT.matcher(rel).matches()) {
      throw refuse(
          entry,
          "is not an ostree object name (<2 hex>/<62 hex>.commit|commitmeta|dirtree|dirmeta|file)");
    }
    if (entry.type() == LayerEntry.Type.SYMLINK && !rel.endsWith(".file")) {
      throw refuse(entry, "is a symlink but only .file objects may be symlinks");
    }
    return Optional.of(rel);
  }

  /**
   * Strips a leading {@code ./} and trailing {@code /}; refuses anything that could leave the root.
   */
  public static String normalize(String path, String entryName) {
    if (path == null || path.isEmpty() || path.indexOf('\0') >= 0) {
      throw new InvalidImageException(
          "layer entry " + printable(entryName) + ": empty path or NUL byte");
    }
    if (path.startsWith("/")) {
      throw new InvalidImageException(
          "layer entry " + printable(entryName) + ": absolute path " + printable(path));
    }
    String p = path;
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty() || p.equals(".")) {
      return ".";
    }
    for (String segment : p.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidImageException(
            "layer entry "
                + printable(entryName)
                + ": path "
                + printable(path)
                + " has an empty, '.' or '..' segment");
      }
    }
    return p;
  }

  private void requireShort(LayerEntry entry, String s, String what) {
    int bytes = s.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxNameBytes()) {
      throw refuse(
          entry,
          "has a " + what + " of " + bytes + " bytes (at most " + limits.maxNameBytes() + ")");
    }
  }

  private static InvalidImageException refuse(LayerEntry entry, String why) {
    return new InvalidImageException("layer entry " + printable(entry.name()) + " " + why);
  }

  /**
   * A name as it may appear in an error: quoted, control characters (newline, escape sequences) and
   * backslashes escaped, cut at 200 characters.
   */
  public static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_PRINTED) + 2).append('"');
    int n = Math.min(s.length(), MAX_PRINTED);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
    if (s.length() > MAX_PRINTED) {
      b.append("... (").append(s.length()).append(" characters)");
    }
    return b.toString();
  }
}
