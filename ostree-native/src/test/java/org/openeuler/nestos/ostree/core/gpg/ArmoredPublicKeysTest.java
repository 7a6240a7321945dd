package org.openeuler.nestos.ostree.core.gpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.testing.TestKeys;

/**
 * Key validation against a real {@code gpg --armor --export} of a throwaway ed25519 key (test
 * resource) and hand-made armor for the refusals.
 */
class ArmoredPublicKeysTest {

  static final String KEY = TestKeys.PUBLIC_KEY;

  /** Armor around {@code packets} with a correct CRC-24 line. */
  static String armor(String label, byte[] packets) {
    int crc = ArmoredPublicKeys.crc24(packets);
    String sum =
        Base64.getEncoder()
            .encodeToString(new byte[] {(byte) (crc >> 16), (byte) (crc >> 8), (byte) crc});
    return "-----BEGIN PGP "
        + label
        + "-----\n\n"
        + Base64.getMimeEncoder().encodeToString(packets)
        + "\n="
        + sum
        + "\n-----END PGP "
        + label
        + "-----\n";
  }

  @Test
  void aRealExportedPublicKeyIsAcceptedStrippedAndItsChecksumVerified() {
    assertThat(KEY).contains("\n=");
    assertThat(ArmoredPublicKeys.validate(List.of("\n  " + KEY + "\n\n")))
        .containsExactly(KEY.strip());
    assertThat(ArmoredPublicKeys.validate(List.of(KEY.replace("\n", "\r\n")))).hasSize(1);
  }

  @Test
  void armorHeadersAndAMissingChecksumLineAreAccepted() {
    String withHeader =
        KEY.replaceFirst("-----\n\n", "-----\nComment: NestOS test key\nVersion: x\n\n");
    assertThat(ArmoredPublicKeys.validate(List.of(withHeader))).hasSize(1);
    String noCrc =
        KEY.lines()
            .filter(l -> !(l.startsWith("=") && l.length() == 5))
            .reduce((a, b) -> a + "\n" + b)
            .orElseThrow();
    assertThat(ArmoredPublicKeys.validate(List.of(noCrc))).hasSize(1);
  }

  @Test
  void anArmoredPrivateKeyIsRefusedWithAClearReason() {
    String privateBlock = armor("PRIVATE KEY BLOCK", new byte[] {(byte) 0x95, 1, 4});
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(List.of(KEY, privateBlock)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key 2: ")
        .hasMessageContaining("PRIVATE key")
        .hasMessageContaining("public key");
  }

  @Test
  void aSecretKeyPacketUnderAPublicLabelIsRefused() {
    // old-format header 0x95: tag 5 (secret key), two-octet length; new-format 0xC5: tag 5
    for (byte header : new byte[] {(byte) 0x95, (byte) 0xC5}) {
      assertThatThrownBy(
              () ->
                  ArmoredPublicKeys.validate(
                      List.of(armor("PUBLIC KEY BLOCK", new byte[] {header, 1, 4}))))
          .hasMessageContaining("secret-key packet");
    }
    assertThat(
            ArmoredPublicKeys.validate(
                List.of(armor("PUBLIC KEY BLOCK", new byte[] {(byte) 0xC6, 1, 4}))))
        .hasSize(1);
  }

  @Test
  void aDamagedKeyFailsItsChecksum() {
    List<String> lines = KEY.lines().toList();
    String line = lines.get(2);
    char swapped = line.charAt(10) == 'A' ? 'B' : 'A';
    String damaged = KEY.replace(line, line.substring(0, 10) + swapped + line.substring(11));
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(List.of(damaged)))
        .hasMessageContaining("CRC-24");
  }

  @Test
  void malformedInputIsRefused() {
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(List.of()))
        .hasMessageContaining("no GPG public key");
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(null))
        .hasMessageContaining("no GPG public key");
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(Collections.singletonList(null)))
        .hasMessage("key 1: empty");
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(List.of(" \n"))).hasMessage("key 1: empty");
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(List.of("ssh-ed25519 AAAA")))
        .hasMessageContaining("start");
    assertThatThrownBy(
            () ->
                ArmoredPublicKeys.validate(
                    List.of(KEY.replace("-----END PGP PUBLIC KEY BLOCK-----", ""))))
        .hasMessageContaining("does not end with");
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(List.of(KEY + KEY)))
        .hasMessageContaining("one armored block");
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(List.of(KEY.replace("\n=", "\n!!!\n="))))
        .hasMessageContaining("base64");
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(List.of(KEY.replace("Z", "\u00e9"))))
        .hasMessageContaining("not ASCII armor");
    assertThatThrownBy(
            () -> ArmoredPublicKeys.validate(List.of(armor("PUBLIC KEY BLOCK", new byte[] {0x12}))))
        .hasMessageContaining("not OpenPGP");
    assertThatThrownBy(
            () ->
                ArmoredPublicKeys.validate(
                    List.of(armor("PUBLIC KEY BLOCK", new byte[] {(byte) 0x89, 1, 4}))))
        .hasMessageContaining("packet tag 2");
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(Collections.nCopies(9, KEY)))
        .hasMessageContaining("at most 8");
    String huge =
        KEY.replace("\n\n", "\nComment: " + "x".repeat(ArmoredPublicKeys.MAX_KEY_CHARS) + "\n\n");
    assertThatThrownBy(() -> ArmoredPublicKeys.validate(List.of(huge)))
        .hasMessageContaining("at most 16384");
  }

  @Test
  void theKeyringIsTheBlocksOneAfterTheOther() {
    String other = armor("PUBLIC KEY BLOCK", new byte[] {(byte) 0xC6, 1, 4});
    String ring =
        new String(ArmoredPublicKeys.keyring(List.of(KEY, other)), StandardCharsets.US_ASCII);
    assertThat(ring).isEqualTo(KEY.strip() + "\n" + other.strip() + "\n");
  }

  @Test
  void remoteKeysValidateTheRemoteNameAndTheKeys() {
    assertThat(new RemoteKeys("nestos", List.of(KEY)).keys()).containsExactly(KEY.strip());
    assertThatThrownBy(() -> new RemoteKeys("-bad name", List.of(KEY)))
        .hasMessageContaining("remote name");
    assertThatThrownBy(() -> new RemoteKeys(null, List.of(KEY)))
        .hasMessageContaining("remote name");
    assertThatThrownBy(() -> new RemoteKeys("nestos", List.of("x")))
        .hasMessageStartingWith("key 1:");
    assertThat(new RemoteKeys("nestos", List.of(KEY)).toString()).doesNotContain("BEGIN");
  }
}
