package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OstreeRemote;

/** The NodeState's image policy decides the transport the daemon stages with (signed images). */
class DesiredImagePolicyTest {

  static final String IMAGE = "registry.example.com/nestos/os@sha256:" + "c".repeat(64);

  static String transport(ImagePolicy policy) {
    NodeStateSpec spec = new NodeStateSpec("n1", "uid-1", "r1", IMAGE, "osv", policy, null, null, null, null, null);
    Desired.Parsed parsed = Desired.parse(spec);
    assertThat(parsed).isInstanceOf(Desired.Valid.class);
    return ((Desired.Valid) parsed).desired().image().toString();
  }

  @Test
  void unsetOrUnverifiedUsesTheUnverifiedRegistryTransport() {
    assertThat(transport(null)).isEqualTo("ostree-unverified-registry:" + IMAGE);
    assertThat(transport(new ImagePolicy(ImagePolicy.Verification.Unverified, null, null)))
        .isEqualTo("ostree-unverified-registry:" + IMAGE);
  }

  @Test
  void anOstreeRemoteVerifiesWithItsKeys() {
    assertThat(transport(new ImagePolicy(ImagePolicy.Verification.OstreeRemote,
        new OstreeRemote("nestos", List.of("key")), null)))
        .isEqualTo("ostree-remote-registry:nestos:" + IMAGE);
  }

  @Test
  void theContainersPolicyVerifiesSignedImages() {
    assertThat(transport(new ImagePolicy(ImagePolicy.Verification.ContainersPolicy, null, "pull")))
        .isEqualTo("ostree-image-signed:docker://" + IMAGE);
  }
}
