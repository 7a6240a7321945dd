package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.daemon.core.update.Specs.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.OstreeRemote;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.ostree.testing.InMemoryOsHost;
import org.openeuler.nestos.ostree.testing.TestKeys;

/**
 * The executor configures the {@code OstreeRemote} policy's remote and keys right before staging.
 */
class UpdateRemoteKeysTest {

  static final String KEY = TestKeys.PUBLIC_KEY;
  static final String SIGNED_REF = "ostree-remote-registry:nestos:" + NEW;

  static ImagePolicy remote(List<String> keys) {
    return new ImagePolicy(
        ImagePolicy.Verification.OstreeRemote, new OstreeRemote("nestos", keys), null);
  }

  @Test
  void theRemoteIsAddedWithItsKeysBeforeTheImageIsStaged() {
    UpdateHarness h = new UpdateHarness();
    h.policy = remote(List.of(KEY));
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    List<String> calls = h.fake.calls();
    assertThat(calls).hasSizeGreaterThanOrEqualTo(2);
    assertThat(calls.get(0)).isEqualTo("ensureRemote nestos 1");
    assertThat(calls.get(1)).startsWith("stage " + SIGNED_REF + " ");
    assertThat(h.fake.remotes())
        .containsEntry("nestos", new InMemoryOsHost.RemoteState(List.of(KEY.strip()), true));
    assertThat(h.run()).isEqualTo(UpdatePhase.UPDATED);
    assertThat(h.fake.status().booted().orElseThrow().imageReference()).isEqualTo(SIGNED_REF);
  }

  @Test
  void anAdminsRemoteIsLeftAsItIsAndTheImageStages() {
    UpdateHarness h = new UpdateHarness();
    h.fake.adminRemote("nestos", List.of("admin-key"));
    h.policy = remote(List.of(KEY));
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    assertThat(h.fake.remotes())
        .containsEntry("nestos", new InMemoryOsHost.RemoteState(List.of("admin-key"), false));
  }

  @Test
  void aRemoteWithoutKeysInThePolicyIsNotTouched() {
    UpdateHarness h = new UpdateHarness();
    h.policy = remote(null);
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.STAGED);
    assertThat(h.fake.calls()).noneMatch(c -> c.startsWith("ensureRemote"));
    assertThat(h.fake.remotes()).isEmpty();
  }

  @Test
  void aFailingKeyImportIsDegradedApplyFailedWithNothingStaged() {
    UpdateHarness h = new UpdateHarness();
    h.fake.failOn("ensureRemote");
    h.policy = remote(List.of(KEY));
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.DEGRADED);
    assertThat(h.state().reason().text())
        .startsWith("ApplyFailed: ")
        .contains(
            "configuring ostree remote \"nestos\" with 1 GPG key(s) failed", "injected failure");
    assertThat(h.fake.calls()).noneMatch(c -> c.startsWith("stage"));
    assertThat(h.fake.status().staged()).isEmpty();
    assertThat(h.reports.get(h.reports.size() - 1).conditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Degraded");
              assertThat(c.getReason()).isEqualTo("ApplyFailed");
            });
  }

  @Test
  void aPrivateKeyInThePolicyIsAnInvalidSpecAndTheHostIsNotTouched() {
    UpdateHarness h = new UpdateHarness();
    h.policy = remote(List.of(KEY.replace("PUBLIC KEY", "PRIVATE KEY")));
    h.operator();
    assertThat(h.phase()).isEqualTo(UpdatePhase.DEGRADED);
    assertThat(h.state().reason().text())
        .startsWith("InvalidSpec: imagePolicy.ostreeRemote.keys: key 1: ")
        .contains("PRIVATE key");
    assertThat(h.fake.calls()).isEmpty();
  }
}
