package org.openeuler.nestos.ostree.sysroot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * The simulated boot record: {@code boot_id}, {@code booted} and {@code staged} deployment ids, and
 * the token of a stage in progress ({@code staging}, written before its deploy).
 */
record SimState(Path dir) {
  String bootId() {
    return read("boot_id").orElseGet(this::newBootId);
  }

  String newBootId() {
    String id = UUID.randomUUID().toString();
    write("boot_id", id);
    return id;
  }

  Optional<String> booted() {
    return read("booted");
  }

  void setBooted(String id) {
    write("booted", id);
  }

  Optional<String> staged() {
    return read("staged");
  }

  void setStaged(String id) {
    write("staged", id);
  }

  void clearStaged() {
    delete("staged");
  }

  /** The intent of a stage in progress: the token its origin file carries. */
  Optional<String> staging() {
    return read("staging");
  }

  void setStaging(String token) {
    write("staging", token);
  }

  void clearStaging() {
    delete("staging");
  }

  private void delete(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<String> read(String name) {
    try {
      Path f = dir.resolve(name);
      return Files.exists(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String name, String value) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(name + ".tmp");
      Files.writeString(tmp, value + "\n");
      Files.move(
          tmp,
          dir.resolve(name),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
