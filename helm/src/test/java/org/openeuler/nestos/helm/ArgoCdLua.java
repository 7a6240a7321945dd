package org.openeuler.nestos.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs an Argo CD health script in gopher-lua, the Lua VM Argo CD embeds, through the harness in
 * {@code testing/argocd-lua} (built once per module build into {@code target/argocd-lua/}). Fails
 * with the command that installs Go when Go is missing.
 */
final class ArgoCdLua {

  /** The health one object got: {@code error} set when the script failed on it. */
  record Health(String fixture, String status, String message, String error) {}

  static final Path SOURCES = Path.of("../testing/argocd-lua").toAbsolutePath().normalize();
  static final Path BINARY = Path.of("target/argocd-lua/argocd-lua").toAbsolutePath();
  static final String INSTALL_GO =
      "Go 1.23 or newer is needed to run the Argo CD health script in gopher-lua"
          + " (testing/argocd-lua; the control plane of scripts/install-tools needs Go too): install"
          + " it from https://go.dev/doc/install (Debian 12's golang-go 1.19 is too old), e.g."
          + " `curl -fsSL https://go.dev/dl/go1.25.5.linux-amd64.tar.gz | tar -C /usr/local -xz &&"
          + " export PATH=$PATH:/usr/local/go/bin`, then rerun the build";

  private static boolean built;

  private ArgoCdLua() {}

  /** The harness binary, built from {@link #SOURCES} on first use. */
  static synchronized Path binary() throws IOException, InterruptedException {
    if (!built) {
      Files.createDirectories(BINARY.getParent());
      Process p;
      try {
        p =
            new ProcessBuilder("go", "build", "-buildvcs=false", "-o", BINARY.toString(), ".")
                .directory(SOURCES.toFile())
                .redirectErrorStream(true)
                .start();
      } catch (IOException e) {
        throw new AssertionError(INSTALL_GO + " (" + e.getMessage() + ")", e);
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new AssertionError("go build in " + SOURCES + " failed:\n" + out);
      }
      built = true;
    }
    return BINARY;
  }

  /** Runs {@code script} on each object file, with Argo CD's default libraries or all of them. */
  static List<Health> run(Path script, boolean openLibs, Collection<Path> objects)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(binary().toString()));
    if (openLibs) {
      argv.add("-open-libs");
    }
    argv.add("-script");
    argv.add(script.toAbsolutePath().toString());
    objects.forEach(o -> argv.add(o.toAbsolutePath().toString()));
    Path err = Files.createTempFile("argocd-lua", ".err");
    Process p = new ProcessBuilder(argv).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    String stderr = Files.readString(err);
    Files.delete(err);
    if (rc != 0) {
      throw new AssertionError(String.join(" ", argv) + " exited " + rc + ":\n" + stderr);
    }
    ObjectMapper json = new ObjectMapper();
    List<Health> results = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        JsonNode n = json.readTree(line);
        results.add(
            new Health(
                n.path("fixture").asText(),
                n.path("status").asText(),
                n.path("message").asText(),
                n.hasNonNull("error") ? n.get("error").asText() : null));
      }
    }
    return results;
  }
}
