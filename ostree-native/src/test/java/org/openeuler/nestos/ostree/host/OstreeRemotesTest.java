package org.openeuler.nestos.ostree.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.testing.RecordingCommandRunner;
import org.openeuler.nestos.ostree.testing.RecordingCommandRunner.Reply;
import org.openeuler.nestos.ostree.testing.TestKeys;

/** Exact argv (and stdin) of {@link RpmOstreeHost#ensureRemote} on the host's system repository. */
class OstreeRemotesTest {

  static final String KEY = TestKeys.PUBLIC_KEY;
  static final String REPO = "--repo=/sysroot/ostree/repo";
  static final List<String> LIST = List.of("ostree", "remote", "list", REPO);
  static final List<String> SHOW_URL = List.of("ostree", "remote", "show-url", REPO, "nestos");
  static final List<String> ADD =
      List.of(
          "ostree",
          "remote",
          "add",
          REPO,
          "--if-not-exists",
          "--set=gpg-verify=true",
          "nestos",
          "https://nestos-signing-keys-only.invalid/");
  static final List<String> IMPORT =
      List.of("ostree", "remote", "gpg-import", REPO, "--stdin", "nestos");

  final RecordingCommandRunner runner = new RecordingCommandRunner();
  final RpmOstreeHost host = new RpmOstreeHost(runner);

  @Test
  void aMissingRemoteIsAddedWithGpgVerificationAndTheKeysGoOnStdin() {
    runner.on(LIST, Reply.ok("fedora\n"));
    assertThat(host.ensureRemote("nestos", List.of(KEY))).isEqualTo(RemoteSetup.ADDED);
    assertThat(runner.argvs()).containsExactly(LIST, ADD, IMPORT);
    Command imported = runner.calls().get(2);
    assertThat(new String(imported.stdin(), StandardCharsets.US_ASCII))
        .isEqualTo(KEY.strip() + "\n");
    assertThat(runner.calls().subList(0, 2)).allSatisfy(c -> assertThat(c.stdin()).isNull());
  }

  @Test
  void aRemoteTheDaemonAddedGetsItsKeysImportedAgain() {
    runner
        .on(LIST, Reply.ok("nestos\n"))
        .on(SHOW_URL, Reply.ok(OstreeRemotes.PLACEHOLDER_URL + "\n"));
    assertThat(host.ensureRemote("nestos", List.of(KEY))).isEqualTo(RemoteSetup.KEYS_IMPORTED);
    assertThat(runner.argvs()).containsExactly(LIST, SHOW_URL, IMPORT);
  }

  @Test
  void anAdminsRemoteIsLeftUntouched() {
    runner
        .on(LIST, Reply.ok("fedora\nnestos\n"))
        .on(SHOW_URL, Reply.ok("https://ostree.example.com/repo\n"));
    assertThat(host.ensureRemote("nestos", List.of(KEY))).isEqualTo(RemoteSetup.ADMIN_OWNED);
    assertThat(runner.argvs()).containsExactly(LIST, SHOW_URL);
  }

  @Test
  void badKeysOrNamesRunNothing() {
    assertThatThrownBy(() -> host.ensureRemote("nestos", List.of(KEY.replace("PUBLIC", "PRIVATE"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PRIVATE key");
    assertThatThrownBy(() -> host.ensureRemote("nestos", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> host.ensureRemote("--repo=/etc", List.of(KEY)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(runner.calls()).isEmpty();
  }

  @Test
  void aFailingImportIsACommandFailure() {
    runner.on(LIST, Reply.ok("")).on(IMPORT, Reply.fail(1, "error: GPG: invalid key"));
    assertThatThrownBy(() -> host.ensureRemote("nestos", List.of(KEY)))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("gpg-import")
        .hasMessageContaining("invalid key");
  }
}
