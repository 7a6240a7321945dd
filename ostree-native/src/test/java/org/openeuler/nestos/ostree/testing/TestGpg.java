package org.openeuler.nestos.ostree.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway GnuPG home with one ed25519 signing key (no passphrase), made with the real {@code
 * gpg}: signs ostree commits ({@code ostree gpg-sign}, a detached {@code .commitmeta}) and
 * configures an ostree remote that trusts the key ({@code ostree remote add --gpg-import}). {@link
 * #close()} stops the gpg-agent it started and deletes the home.
 */
public final class TestGpg implements AutoCloseable {

  private final Path home;
  private final String fingerprint;
  private final Path publicKey;

  private TestGpg(Path home, String fingerprint, Path publicKey) {
    this.home = home;
    this.fingerprint = fingerprint;
    this.publicKey = publicKey;
  }

  /** Whether {@code gpg} and {@code gpgconf} are installed (tests assume this). */
  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/gpg"))
        && Files.isExecutable(Path.of("/usr/bin/gpgconf"));
  }

  /** A new home under {@code parent} with a fresh key. */
  public static TestGpg create(Path parent) throws IOException {
    Path home =
        Files.createTempDirectory(
            parent,
            "gpg-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    run(
        "gpg",
        "--homedir",
        home.toString(),
        "--batch",
        "--quiet",
        "--passphrase",
        "",
        "--quick-gen-key",
        "NestOS Test Signing <signing@nestos.invalid>",
        "ed25519",
        "sign",
        "never");
    String fpr = null;
    for (String line :
        run("gpg", "--homedir", home.toString(), "--batch", "--with-colons", "--list-secret-keys")
            .split("\n")) {
      if (line.startsWith("fpr:")) {
        fpr = line.split(":")[9];
        break;
      }
    }
    if (fpr == null) {
      throw new IOException("gpg listed no key fingerprint");
    }
    Path pub = home.resolve("public.asc");
    Files.writeString(
        pub, run("gpg", "--homedir", home.toString(), "--batch", "--armor", "--export", fpr));
    return new TestGpg(home, fpr, pub);
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** The armored public key. */
  public Path publicKey() {
    return publicKey;
  }

  /** The armored public key's text. */
  public String publicKeyArmored() throws IOException {
    return Files.readString(publicKey);
  }

  /** The armored SECRET key (for tests that a private key is refused). */
  public String privateKeyArmored() throws IOException {
    return run(
        "gpg",
        "--homedir",
        home.toString(),
        "--batch",
        "--armor",
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
        "--export-secret-keys",
        fingerprint);
  }

  /** Adds a detached signature of {@code commit} in {@code repo} with this key. */
  public void sign(Path repo, String commit) throws IOException {
    run("ostree", "gpg-sign", "--repo=" + repo, "--gpg-homedir=" + home, commit, fingerprint);
  }

  /** Adds remote {@code name} (gpg-verify on, this key imported) to the repo {@code repo}. */
  public void addRemote(Path repo, String name, String url) throws IOException {
    run(
        "ostree",
        "remote",
        "add",
        "--repo=" + repo,
        "--set=gpg-verify=true",
        "--gpg-import=" + publicKey,
        name,
        url);
  }

  @Override
  public void close() throws IOException {
    try {
      run("gpgconf", "--homedir", home.toString(), "--kill", "all");
    } finally {
      delete(home);
    }
  }

  /**
   * Deletes the home; the exiting gpg-agent removes its sockets concurrently, so vanished files are
   * fine.
   */
  private static void delete(Path dir) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
        return;
      } catch (NoSuchFileException e) {
        return;
      } catch (UncheckedIOException | DirectoryNotEmptyException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static String run(String... argv) throws IOException {
    Path err = Files.createTempFile("nestos-gpg-", ".err");
    try {
      Process p =
          new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", argv) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            String.join(" ", argv)
                + " failed (exit "
                + p.exitValue()
                + "): "
                + out
                + Files.readString(err));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
