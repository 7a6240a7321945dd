package org.openeuler.nestos.ostree.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small "NestOS" trees: kernel + initramfs stubs, os-release with VERSION, a few files and a
 * symlink.
 */
public final class NestosTrees {

  private NestosTrees() {}

  public static Path write(Path dir, String version) throws IOException {
    Path mod = dir.resolve("usr/lib/modules/5.10.0-nestos");
    Files.createDirectories(mod);
    Files.writeString(mod.resolve("vmlinuz"), "kernel stub\n");
    Files.writeString(mod.resolve("initramfs.img"), "initramfs stub\n");
    Files.writeString(
        dir.resolve("usr/lib/os-release"),
        "ID=nestos\nNAME=NestOS\nVERSION="
            + version
            + "\nPRETTY_NAME=\"NestOS For Container "
            + version
            + "\"\n");
    Files.createDirectories(dir.resolve("usr/bin"));
    Files.writeString(dir.resolve("usr/bin/nestos-hello"), "#!/bin/sh\necho " + version + "\n");
    Files.setPosixFilePermissions(
        dir.resolve("usr/bin/nestos-hello"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(dir.resolve("usr/bin/hello"), Path.of("nestos-hello"));
    Files.createDirectories(dir.resolve("usr/etc"));
    Files.writeString(dir.resolve("usr/etc/hostname"), "nestos\n");
    return dir;
  }

  /** Removes a directory tree holding ostree deployments (immutable: {@code chattr -i} first). */
  public static void deleteSysroot(Path dir) throws IOException, InterruptedException {
    if (Files.exists(dir)) {
      new ProcessBuilder("chattr", "-R", "-i", dir.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
      Trees.deleteRecursively(dir);
    }
  }
}
