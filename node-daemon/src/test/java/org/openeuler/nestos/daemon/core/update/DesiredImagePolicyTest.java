package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OstreeRemote;
import org.openeuler.nestos.ostree.core.gpg.RemoteKeys;
import org.openeuler.nestos.ostree.testing.TestKeys;

/**
 * The NodeState's image policy decides the transport the daemon stages with (signed images) and,
 * for an {@code OstreeRemote} with keys, the remote to configure before staging.
 */
class DesiredImagePolicyTest {

  static final String IMAGE = "registry.example.com/nestos/os@sha256:" + "c".repeat(64);
  static final String KEY = TestKeys.PUBLIC_KEY;

  static Desired.Parsed parse(ImagePolicy policy) {
    return Desired.parse(
        new NodeStateSpec("n1", "uid-1", "r1", IMAGE, "osv", policy, null, null, null, null, null));
  }

  static Desired desired(ImagePolicy policy) {
    Desired.Parsed parsed = parse(policy);
    assertThat(parsed).isInstanceOf(Desired.Valid.class);
    return ((Desired.Valid) parsed).desired();
  }

  static String transport(ImagePolicy policy) {
    return desired(policy).image().toString();
  }

  static ImagePolicy remote(List<String> keys) {
    return new ImagePolicy(
        ImagePolicy.Verification.OstreeRemote, new OstreeRemote("nestos", keys), null);
  }

  @Test
  void unsetOrUnverifiedUsesTheUnverifiedRegistryTransport() {
    assertThat(transport(null)).isEqualTo("ostree-unverified-registry:" + IMAGE);
    assertThat(transport(new ImagePolicy(ImagePolicy.Verification.Unverified, null, null)))
        .isEqualTo("ostree-unverified-registry:" + IMAGE);
    assertThat(desired(null).remoteKeys()).isNull();
  }

  @Test
  void anOstreeRemoteVerifiesWithItsKeysWhichTheDaemonConfiguresFirst() {
    Desired d = desired(remote(List.of("\n" + KEY)));
    assertThat(d.image()).hasToString("ostree-remote-registry:nestos:" + IMAGE);
    assertThat(d.remoteKeys()).isEqualTo(new RemoteKeys("nestos", List.of(KEY.strip())));
  }

  @Test
  void anOstreeRemoteWithoutKeysIsTheAdminsToConfigure() {
    assertThat(desired(remote(null)).remoteKeys()).isNull();
    assertThat(desired(remote(List.of())).remoteKeys()).isNull();
    assertThat(transport(remote(null))).isEqualTo("ostree-remote-registry:nestos:" + IMAGE);
  }

  @Test
  void malformedOrPrivateKeysMakeTheSpecInvalid() {
    assertThat(parse(remote(List.of("key"))))
        .isEqualTo(
            new Desired.Invalid(
                "imagePolicy.ostreeRemote.keys: key 1: does not start with -----BEGIN PGP PUBLIC KEY BLOCK-----"));
    assertThat(parse(remote(List.of(KEY, KEY.replace("PUBLIC KEY", "PRIVATE KEY")))))
        .isInstanceOfSatisfying(
            Desired.Invalid.class,
            inv ->
                assertThat(inv.reason())
                    .startsWith("imagePolicy.ostreeRemote.keys: key 2: ")
                    .contains("PRIVATE key"));
  }
}
