package org.openeuler.nestos.ostree.core.rpmostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.ref.OstreeImageReference;
import org.openeuler.nestos.ostree.core.status.OsStatus;
import org.openeuler.nestos.ostree.testing.RpmOstreeFixtures;

/**
 * Fixtures under {@code src/test/resources/rpm-ostree/}, derived from coreos/zincati {@code
 * tests/fixtures/rpm-ostree-staged.json} and {@code tests/fixtures/rpm-ostree-oci-status.json} (see
 * the README there for which fixture comes from where).
 */
class RpmOstreeStatusParserTest {

  static String fixture(String name) {
    return RpmOstreeFixtures.read(name);
  }

  @Test
  void stagedLockedClassicOrigin() {
    RpmOstreeStatus status = RpmOstreeStatusParser.parse(fixture("staged-locked-classic.json"));
    RpmOstreeDeployment staged = status.staged().orElseThrow();
    assertThat(staged.index()).isZero();
    assertThat(staged.checksum())
        .isEqualTo("967b7b8d624e6d10ff51c2e81ef198fae966c567ac2e9b479771c693d0987949");
    assertThat(staged.finalizationLocked()).isTrue();
    assertThat(staged.version()).isEqualTo("31.20200517.3.0");
    assertThat(staged.origin()).isEqualTo("fedora:fedora/x86_64/coreos/stable");
    assertThat(staged.containerImageReference()).isNull();
    assertThat(staged.osname()).isEqualTo("fedora-coreos");
    assertThat(staged.timestamp()).isEqualTo(1591031729L);
    assertThat(status.booted().orElseThrow().version()).isEqualTo("31.20200505.3.0");
    assertThat(status.booted().orElseThrow().finalizationLocked()).isFalse();
    assertThat(status.rollback()).isEmpty();
    assertThat(status.pending()).isEmpty();
  }

  @Test
  void containerNativeBootedNoStaged() {
    RpmOstreeStatus status = RpmOstreeStatusParser.parse(fixture("container-booted.json"));
    assertThat(status.staged()).isEmpty();
    RpmOstreeDeployment booted = status.booted().orElseThrow();
    assertThat(booted.containerImageReferenceDigest())
        .isEqualTo("sha256:c4a15145a232d882ccf2ed32d22c06c01a7cf62317eb966a98340ae4bd56dfa6");
    assertThat(OstreeImageReference.parse(booted.containerImageReference()))
        .hasToString(
            "ostree-remote-registry:fedora:quay.io/fedora/fedora-coreos@"
                + "sha256:c4a15145a232d882ccf2ed32d22c06c01a7cf62317eb966a98340ae4bd56dfa6");
    assertThat(booted.origin()).isNull();
  }

  @Test
  void stagedLockedContainerWithPinnedRollback() {
    RpmOstreeStatus status =
        RpmOstreeStatusParser.parse(fixture("container-staged-pinned-rollback.json"));
    assertThat(status.staged().orElseThrow().finalizationLocked()).isTrue();
    assertThat(status.booted().orElseThrow().index()).isEqualTo(1);
    RpmOstreeDeployment rollback = status.rollback().orElseThrow();
    assertThat(rollback.pinned()).isTrue();
    assertThat(rollback.index()).isEqualTo(2);
    assertThat(status.indexOf(rollback.checksum())).contains(2);
    assertThat(status.indexOf("nope")).isEmpty();

    OsStatus os = status.toOsStatus(Map.of(1, List.of("rw", "quiet")));
    assertThat(os.deployments()).hasSize(3);
    assertThat(os.booted().orElseThrow().kernelArguments()).containsExactly("rw", "quiet");
    assertThat(os.staged().orElseThrow().finalizationLocked()).isTrue();
    assertThat(os.rollback().orElseThrow().pinned()).isTrue();
    assertThat(os.staged().orElseThrow().imageDigest()).startsWith("sha256:1111");
  }

  @Test
  void layeredDeploymentAndUnknownFields() {
    RpmOstreeStatus status = RpmOstreeStatusParser.parse(fixture("layered-unknown-fields.json"));
    RpmOstreeDeployment booted = status.booted().orElseThrow();
    assertThat(booted.baseChecksum())
        .isEqualTo("967b7b8d624e6d10ff51c2e81ef198fae966c567ac2e9b479771c693d0987949");
    assertThat(booted.finalizeChecksum()).isEqualTo(booted.baseChecksum());
    assertThat(booted.version()).isNull();
    assertThat(status.indexOf(booted.baseChecksum())).contains(0);
  }

  @Test
  void registeredUpdateDriverIsReadNullIsNone() {
    assertThat(
            RpmOstreeStatusParser.parse(fixture(RpmOstreeFixtures.CONTAINER_BOOTED_ZINCATI))
                .updateDriver())
        .isEqualTo(new RpmOstreeStatus.UpdateDriver("Zincati", "zincati.service"));
    assertThat(
            RpmOstreeStatusParser.parse(fixture(RpmOstreeFixtures.LAYERED_UNKNOWN_FIELDS))
                .updateDriver())
        .isEqualTo(new RpmOstreeStatus.UpdateDriver("Zincati", "zincati.service"));
    assertThat(
            RpmOstreeStatusParser.parse(fixture(RpmOstreeFixtures.CONTAINER_BOOTED)).updateDriver())
        .isNull();
    assertThat(
            RpmOstreeStatusParser.parse(
                    "{\"deployments\":[],\"update-driver\":{\"driver-name\":\"Zincati\"}}")
                .updateDriver())
        .as("rpm-ostree needs both the name and the unit to count a driver")
        .isNull();
  }

  @Test
  void rejectsWhatIsNotStatus() {
    assertThatThrownBy(() -> RpmOstreeStatusParser.parse("not json"))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> RpmOstreeStatusParser.parse("{}"))
        .hasMessageContaining("no deployments");
    assertThatThrownBy(() -> RpmOstreeStatusParser.parse("{\"deployments\":[{\"booted\":true}]}"))
        .hasMessageContaining("deployment 0 has no checksum");
    assertThat(RpmOstreeStatusParser.parse("{\"deployments\":[]}").deployments()).isEmpty();
  }
}
