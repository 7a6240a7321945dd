package org.openeuler.nestos.ostree.host;

import java.time.Duration;
import java.util.List;
import org.openeuler.nestos.ostree.core.gpg.ArmoredPublicKeys;
import org.openeuler.nestos.ostree.core.gpg.RemoteKeys;

/**
 * {@link OsHost#ensureRemote} with the {@code ostree} CLI (Debian ostree and rpm-ostree hosts
 * alike), through a {@link CommandRunner}, argument lists only. A missing remote is added with
 * {@code gpg-verify=true} and the {@link #PLACEHOLDER_URL} (an {@code ostree-remote-registry:} pull
 * reads only the remote's keys, never its URL), then the keys are imported with {@code ostree
 * remote gpg-import --stdin}: the keyring travels on the command's stdin, so no key file is left on
 * the host and no path has to be mapped into the host namespace. The placeholder URL also marks the
 * remote as the daemon's: such a remote gets its keys imported again on every call (importing known
 * keys is a no-op, and this heals a crash between {@code add} and {@code gpg-import}); any other
 * existing remote is the admin's and is left untouched.
 */
public final class OstreeRemotes {

  /** The URL of remotes the daemon adds; {@code .invalid} (RFC 2606) never resolves. */
  public static final String PLACEHOLDER_URL = "https://nestos-signing-keys-only.invalid/";

  static final Duration TIMEOUT = Duration.ofMinutes(1);

  private final CommandRunner runner;
  private final String repo;

  /**
   * {@code repo}: the host's ostree repository as the runner sees it, e.g. {@code
   * /sysroot/ostree/repo}.
   */
  public OstreeRemotes(CommandRunner runner, String repo) {
    this.runner = runner;
    this.repo = repo;
  }

  /**
   * Validates name and keys first (nothing runs for bad input), then adds or refreshes as described
   * above.
   */
  public RemoteSetup ensure(String name, List<String> armoredKeys) {
    RemoteKeys wanted = new RemoteKeys(name, armoredKeys);
    byte[] keyring = ArmoredPublicKeys.keyring(wanted.keys());
    RemoteSetup outcome;
    if (!remoteNames().contains(name)) {
      run(Command.of(add(repo, name)));
      outcome = RemoteSetup.ADDED;
    } else if (PLACEHOLDER_URL.equals(run(Command.of(showUrl(repo, name))).stdout().strip())) {
      outcome = RemoteSetup.KEYS_IMPORTED;
    } else {
      return RemoteSetup.ADMIN_OWNED;
    }
    run(new Command(gpgImport(repo, name), TIMEOUT, null, keyring));
    return outcome;
  }

  private List<String> remoteNames() {
    return run(Command.of(list(repo)))
        .stdout()
        .lines()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private CommandResult run(Command command) {
    return runner.run(command.withTimeout(TIMEOUT)).orThrow();
  }

  static List<String> list(String repo) {
    return List.of("ostree", "remote", "list", "--repo=" + repo);
  }

  static List<String> showUrl(String repo, String name) {
    return List.of("ostree", "remote", "show-url", "--repo=" + repo, name);
  }

  static List<String> add(String repo, String name) {
    return List.of(
        "ostree",
        "remote",
        "add",
        "--repo=" + repo,
        "--if-not-exists",
        "--set=gpg-verify=true",
        name,
        PLACEHOLDER_URL);
  }

  static List<String> gpgImport(String repo, String name) {
    return List.of("ostree", "remote", "gpg-import", "--repo=" + repo, "--stdin", name);
  }
}
