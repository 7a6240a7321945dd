package org.openeuler.nestos.ostree.sysroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.OstreeRemotes;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.host.RemoteSetup;
import org.openeuler.nestos.ostree.image.EncapsulatedImage;
import org.openeuler.nestos.ostree.image.NestosImages;
import org.openeuler.nestos.ostree.image.NestosTrees;
import org.openeuler.nestos.ostree.image.RegistryImageSource;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.TestGpg;

/**
 * {@link OstreeSysrootHost#ensureRemote} on real Debian ostree: a missing remote is added with GPG
 * verification and the keys, after which a signed image stages and an unsigned one is refused; an
 * admin's remote is left byte for byte; a malformed or private key is refused with the repository
 * config unchanged; a remote the daemon added but whose keys never arrived (crash between add and
 * import) gets them on the next call.
 */
class OstreeSysrootRemoteIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.plain();

  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner(HostNamespace.NONE);
  private static Path work;
  private static RegistryClient client;
  private static TestGpg trusted;
  private static TestGpg foreign;
  private static EncapsulatedImage signed;
  private static EncapsulatedImage unsigned;

  @BeforeAll
  static void images() throws Exception {
    work = Files.createTempDirectory("nestos-remote-");
    client = REGISTRY.client();
    trusted = TestGpg.create(work);
    foreign = TestGpg.create(work);
    signed = publish("1", trusted);
    unsigned = publish("2", null);
  }

  @AfterAll
  static void deleteWork() throws Exception {
    trusted.close();
    foreign.close();
    NestosTrees.deleteSysroot(work);
  }

  private static EncapsulatedImage publish(String version, TestGpg signer) throws Exception {
    return NestosImages.publish(REGISTRY, client, work, version, signer);
  }

  private static String remoteRef(EncapsulatedImage image) {
    return "ostree-remote-registry:nestos:"
        + REGISTRY.host()
        + "/nestos/os@"
        + image.manifestDigest();
  }

  private static OstreeSysrootHost host(String name) {
    return new OstreeSysrootHost(work.resolve(name), RUNNER, RegistryImageSource.factory(client))
        .initialize();
  }

  @Test
  void aMissingRemoteIsAddedWithTheKeysThenASignedImageStagesAndAnUnsignedOneIsRefused()
      throws Exception {
    OstreeSysrootHost host = host("sysroot-add");
    assertThat(remotes(host)).isEmpty();
    assertThat(host.ensureRemote("nestos", List.of(trusted.publicKeyArmored())))
        .isEqualTo(RemoteSetup.ADDED);
    assertThat(remotes(host)).containsExactly("nestos");
    assertThat(ostree("config", "--repo=" + host.repo(), "get", "remote \"nestos\".gpg-verify"))
        .isEqualTo("true");
    assertThat(ostree("remote", "show-url", "--repo=" + host.repo(), "nestos"))
        .isEqualTo(OstreeRemotes.PLACEHOLDER_URL);
    assertThat(ostree("remote", "gpg-list-keys", "--repo=" + host.repo(), "nestos"))
        .contains(trusted.fingerprint());

    assertThatThrownBy(() -> host.stage(remoteRef(unsigned), KernelArgumentEdit.NONE))
        .hasMessageContaining("signature verification")
        .hasMessageContaining("no signatures found");
    assertThat(host.status().staged()).isEmpty();
    host.stage(remoteRef(signed), KernelArgumentEdit.NONE);
    assertThat(host.status().staged().orElseThrow().checksum()).isEqualTo(signed.commit());

    // a second call (a Stage repeated after a restart) imports the same key again: nothing changes
    String config = config(host);
    byte[] keyring = Files.readAllBytes(host.repo().resolve("nestos.trustedkeys.gpg"));
    assertThat(host.ensureRemote("nestos", List.of(trusted.publicKeyArmored())))
        .isEqualTo(RemoteSetup.KEYS_IMPORTED);
    assertThat(config(host)).isEqualTo(config);
    assertThat(ostree("remote", "gpg-list-keys", "--repo=" + host.repo(), "nestos"))
        .contains(trusted.fingerprint());
    assertThat(Files.readAllBytes(host.repo().resolve("nestos.trustedkeys.gpg")))
        .hasSameSizeAs(keyring);
  }

  @Test
  void anAdminsRemoteIsLeftUntouched() throws Exception {
    OstreeSysrootHost host = host("sysroot-admin");
    trusted.addRemote(host.repo(), "nestos", "http://" + REGISTRY.host());
    String config = config(host);
    byte[] keyring = Files.readAllBytes(host.repo().resolve("nestos.trustedkeys.gpg"));
    assertThat(host.ensureRemote("nestos", List.of(foreign.publicKeyArmored())))
        .isEqualTo(RemoteSetup.ADMIN_OWNED);
    assertThat(config(host)).isEqualTo(config);
    assertThat(Files.readAllBytes(host.repo().resolve("nestos.trustedkeys.gpg")))
        .isEqualTo(keyring);
    assertThat(ostree("remote", "gpg-list-keys", "--repo=" + host.repo(), "nestos"))
        .contains(trusted.fingerprint())
        .doesNotContain(foreign.fingerprint());
  }

  @Test
  void malformedAndPrivateKeysAreRefusedWithTheRepositoryUnchanged() throws Exception {
    OstreeSysrootHost host = host("sysroot-bad");
    String config = config(host);
    String secret = trusted.privateKeyArmored();
    assertThat(secret).startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----");
    assertThatThrownBy(() -> host.ensureRemote("nestos", List.of(secret)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PRIVATE key");
    String pub = trusted.publicKeyArmored();
    String damaged =
        pub.replace(
            pub.lines().toList().get(2),
            new StringBuilder(pub.lines().toList().get(2)).reverse().toString());
    assertThatThrownBy(() -> host.ensureRemote("nestos", List.of(pub, damaged)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key 2:");
    assertThatThrownBy(() -> host.ensureRemote("nestos", List.of("not a key")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(config(host)).isEqualTo(config);
    assertThat(remotes(host)).isEmpty();
    assertThat(host.repo().resolve("nestos.trustedkeys.gpg")).doesNotExist();
  }

  @Test
  void aDaemonRemoteWhoseKeysNeverArrivedGetsThemOnTheNextCall() throws Exception {
    OstreeSysrootHost host = host("sysroot-heal");
    // the daemon was killed between `remote add` and `gpg-import`
    ostree(
        "remote",
        "add",
        "--repo=" + host.repo(),
        "--if-not-exists",
        "--set=gpg-verify=true",
        "nestos",
        OstreeRemotes.PLACEHOLDER_URL);
    assertThatThrownBy(() -> host.stage(remoteRef(signed), KernelArgumentEdit.NONE))
        .hasMessageContaining("signature verification");
    assertThat(host.ensureRemote("nestos", List.of(trusted.publicKeyArmored())))
        .isEqualTo(RemoteSetup.KEYS_IMPORTED);
    host.stage(remoteRef(signed), KernelArgumentEdit.NONE);
    assertThat(host.status().staged().orElseThrow().checksum()).isEqualTo(signed.commit());
  }

  private static List<String> remotes(OstreeSysrootHost host) {
    return ostree("remote", "list", "--repo=" + host.repo())
        .lines()
        .filter(s -> !s.isBlank())
        .toList();
  }

  private static String config(OstreeSysrootHost host) throws Exception {
    return Files.readString(host.repo().resolve("config"));
  }

  private static String ostree(String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("ostree"));
    argv.addAll(List.of(args));
    return RUNNER.run(Command.of(argv)).orThrow().stdout().strip();
  }
}
