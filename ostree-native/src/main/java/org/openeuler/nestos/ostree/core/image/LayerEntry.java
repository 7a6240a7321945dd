package org.openeuler.nestos.ostree.core.image;

/**
 * One tar entry's header as the importer sees it (the edge maps commons-compress headers to this).
 *
 * @param name the entry path as written in the tar
 * @param type what kind of entry it is
 * @param linkName symlink target or hard-link target path, else null
 */
public record LayerEntry(String name, Type type, String linkName) {

  /** Entry kinds; {@code OTHER} (devices, fifos, sockets) is always refused. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    OTHER
  }
}
