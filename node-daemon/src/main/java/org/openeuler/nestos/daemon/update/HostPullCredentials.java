package org.openeuler.nestos.daemon.update;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.ostree.registry.AuthFile;
import org.openeuler.nestos.ostree.registry.Credentials;
import org.openeuler.nestos.ostree.registry.DockerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry credentials of an OSVersion's {@code imagePolicy.pullSecretName} on the host, where
 * rpm-ostree (ostree-rs-ext) and the ostree-sysroot backend read them: {@code
 * /etc/ostree/auth.json} (docs/private-registries.md, docs/decisions.md §15).
 *
 * <ul>
 *   <li>{@link #ensure}: only the entry of the registry of the image being staged is written (not
 *       the whole Secret), merged into the file with every other entry kept, atomically with mode
 *       0600;
 *   <li>an entry for that registry that this daemon did not write is the admin's and is left as it
 *       is ({@link Outcome#ADMIN_OWNED});
 *   <li>{@link #releaseExcept}: entries this daemon wrote are removed when no NodeState spec needs
 *       them any more; a file it created is removed when nothing else is in it.
 * </ul>
 *
 * Which entries are ours is kept in {@link #OWNED_FILE}: SHA-256 fingerprints of the values we
 * wrote (never the credentials), recorded before the auth file is written so that a crash in
 * between still recognises our entry. Credentials never reach a log, an exception or a status: only
 * Secret and registry names do.
 */
public final class HostPullCredentials {

  private static final Logger LOG = LoggerFactory.getLogger(HostPullCredentials.class);

  public static final String AUTH_FILE = "/etc/ostree/auth.json";
  public static final String OWNED_FILE = "/var/lib/nestos/pull-auth-owned.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The {@code .dockerconfigjson} of a pull Secret in the daemon's namespace. */
  @FunctionalInterface
  public interface SecretSource {
    /**
     * @throws PullSecretException when the Secret is missing, unreadable or of another type
     */
    byte[] dockerConfigJson(String secretName);
  }

  /** The pull Secret cannot give credentials for the registry (reason PullSecretMissing). */
  public static final class PullSecretException extends RuntimeException {
    public PullSecretException(String message) {
      super(message);
    }
  }

  /** What {@link #ensure} did. */
  public enum Outcome {
    WRITTEN,
    UNCHANGED,
    ADMIN_OWNED
  }

  /** The owned-entries record: fingerprints per registry, and whether we created the file. */
  record Owned(Map<String, List<String>> entries, boolean createdFile) {
    static final Owned NONE = new Owned(Map.of(), false);
  }

  private final HostFs fs;
  private final SecretSource secrets;

  public HostPullCredentials(HostFs fs, SecretSource secrets) {
    this.fs = fs;
    this.secrets = secrets;
  }

  /**
   * Makes {@code registry}'s entry in the host's auth file hold the credentials that Secret {@code
   * secretName} has for it; idempotent.
   */
  public Outcome ensure(String registry, String secretName) throws IOException {
    Credentials credentials = credentials(registry, secretName);
    String value = AuthFile.authValue(credentials);
    String fingerprint = AuthFile.fingerprint(value);
    Optional<String> current = fs.read(AUTH_FILE);
    AuthFile file = parse(current);
    Owned owned = loadOwned();
    Optional<String> existing = file.auth(registry);
    List<String> ours = owned.entries().getOrDefault(registry, List.of());
    if (file.has(registry)
        && (existing.isEmpty() || !ours.contains(AuthFile.fingerprint(existing.get())))) {
      LOG.info(
          "registry {}: the host's {} already has an entry the daemon did not write; left as it"
              + " is (pull secret {} not written)",
          registry,
          AUTH_FILE,
          secretName);
      return Outcome.ADMIN_OWNED;
    }
    if (existing.isPresent() && existing.get().equals(value) && ours.equals(List.of(fingerprint))) {
      return Outcome.UNCHANGED;
    }
    // intent first: both fingerprints are ours while the file changes
    List<String> both = new ArrayList<>(ours);
    if (!both.contains(fingerprint)) {
      both.add(fingerprint);
    }
    Map<String, List<String>> entries = new LinkedHashMap<>(owned.entries());
    entries.put(registry, both);
    boolean created = owned.entries().isEmpty() ? current.isEmpty() : owned.createdFile();
    saveOwned(new Owned(entries, created));
    fs.writeAtomicallyPrivate(AUTH_FILE, file.with(registry, credentials).render());
    entries.put(registry, List.of(fingerprint));
    saveOwned(new Owned(entries, created));
    LOG.info(
        "registry {}: credentials of pull secret {} written to the host's {}",
        registry,
        secretName,
        AUTH_FILE);
    return Outcome.WRITTEN;
  }

  /**
   * Removes the entries this daemon wrote for every registry but {@code keepRegistry} (null: all),
   * unless someone changed them since; deletes the file when the daemon created it and nothing is
   * left in it.
   */
  public void releaseExcept(String keepRegistry) throws IOException {
    Owned owned = loadOwned();
    if (owned.entries().isEmpty()
        || (owned.entries().size() == 1 && owned.entries().containsKey(keepRegistry))) {
      return;
    }
    Optional<String> current = fs.read(AUTH_FILE);
    AuthFile file = parse(current);
    Map<String, List<String>> kept = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : owned.entries().entrySet()) {
      if (e.getKey().equals(keepRegistry)) {
        kept.put(e.getKey(), e.getValue());
        continue;
      }
      Optional<String> existing = file.auth(e.getKey());
      if (existing.isPresent() && e.getValue().contains(AuthFile.fingerprint(existing.get()))) {
        file = file.without(e.getKey());
        removed.add(e.getKey());
      }
    }
    if (current.isPresent() && !removed.isEmpty()) {
      if (kept.isEmpty() && owned.createdFile() && file.isEmpty()) {
        fs.deleteDurably(AUTH_FILE);
      } else {
        fs.writeAtomicallyPrivate(AUTH_FILE, file.render());
      }
    }
    if (kept.isEmpty()) {
      fs.deleteDurably(OWNED_FILE);
    } else {
      saveOwned(new Owned(kept, owned.createdFile()));
    }
    if (!removed.isEmpty()) {
      LOG.info(
          "registries {}: credentials no spec needs removed from the host's {}",
          removed,
          AUTH_FILE);
    }
  }

  private Credentials credentials(String registry, String secretName) {
    byte[] json = secrets.dockerConfigJson(secretName);
    DockerConfig config;
    try {
      config = DockerConfig.parse(json);
    } catch (RuntimeException e) {
      // the parser's message may quote the Secret's text
      throw new PullSecretException(
          "pull secret " + secretName + " has no valid .dockerconfigjson");
    }
    return config
        .forRegistry(registry)
        .orElseThrow(
            () ->
                new PullSecretException(
                    "pull secret " + secretName + " has no credentials for registry " + registry));
  }

  private static AuthFile parse(Optional<String> text) {
    try {
      return AuthFile.parse(text.orElse(null));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the host's " + AUTH_FILE + " cannot be read: " + e.getMessage() + "; repair it");
    }
  }

  private Owned loadOwned() throws IOException {
    Optional<String> text = fs.read(OWNED_FILE);
    if (text.isEmpty() || text.get().isBlank()) {
      return Owned.NONE;
    }
    return JSON.readValue(text.get(), Owned.class);
  }

  private void saveOwned(Owned owned) throws IOException {
    fs.writeAtomically(OWNED_FILE, JSON.writeValueAsString(owned));
  }
}
