package org.openeuler.nestos.ostree.core.gpg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Validates the ASCII-armored OpenPGP public keys of an {@code imagePolicy.ostreeRemote} before
 * anything reaches a host: each key must be exactly one {@code PUBLIC KEY BLOCK} (RFC 4880 §6.2)
 * whose base64 body decodes, whose CRC-24 checksum (when present) matches, and whose first packet
 * is a public-key packet (tag 6). An armored PRIVATE key is refused with its own reason: {@code
 * ostree remote gpg-import} would silently import its public half, and a secret key has no business
 * in a cluster object.
 */
public final class ArmoredPublicKeys {

  /** As the CRD: at most 8 keys of at most 16384 characters each. */
  public static final int MAX_KEYS = 8;

  public static final int MAX_KEY_CHARS = 16384;

  static final String BEGIN_PUBLIC = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
  static final String END_PUBLIC = "-----END PGP PUBLIC KEY BLOCK-----";
  private static final int TAG_SECRET_KEY = 5;
  private static final int TAG_PUBLIC_KEY = 6;

  private ArmoredPublicKeys() {}

  /**
   * The keys, each stripped of surrounding whitespace, or an {@link IllegalArgumentException}
   * naming the first bad key (1-based) and why. At least one key is required.
   */
  public static List<String> validate(List<String> keys) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("no GPG public key given");
    }
    if (keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException(
          keys.size() + " keys given, at most " + MAX_KEYS + " allowed");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      try {
        out.add(validateOne(keys.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The validated keys as one keyring stream (armored blocks, one after the other), e.g. for
   * gpg-import's stdin.
   */
  public static byte[] keyring(List<String> keys) {
    return (String.join("\n", validate(keys)) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static String validateOne(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("empty");
    }
    if (key.length() > MAX_KEY_CHARS) {
      throw new IllegalArgumentException(
          key.length() + " characters, at most " + MAX_KEY_CHARS + " allowed");
    }
    if (key.contains("PRIVATE KEY BLOCK") || key.contains("SECRET KEY BLOCK")) {
      throw new IllegalArgumentException(
          "an armored PRIVATE key block; give only the public key"
              + " (gpg --armor --export), and treat the exposed secret key as compromised");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c > 126 || (c < 32 && c != '\n' && c != '\r' && c != '\t')) {
        throw new IllegalArgumentException(
            "not ASCII armor (character 0x" + Integer.toHexString(c) + " at " + i + ")");
      }
    }
    String text = key.strip();
    List<String> lines = text.lines().map(String::strip).toList();
    if (!lines.get(0).equals(BEGIN_PUBLIC)) {
      throw new IllegalArgumentException("does not start with " + BEGIN_PUBLIC);
    }
    if (!lines.get(lines.size() - 1).equals(END_PUBLIC)) {
      throw new IllegalArgumentException("does not end with " + END_PUBLIC);
    }
    if (lines.stream().filter(l -> l.startsWith("-----")).count() != 2) {
      throw new IllegalArgumentException(
          "more than one armored block; give one key block per list entry");
    }
    byte[] packets = decodeBody(lines.subList(1, lines.size() - 1));
    int tag = firstPacketTag(packets);
    if (tag == TAG_SECRET_KEY) {
      throw new IllegalArgumentException(
          "holds a secret-key packet: a PRIVATE key labelled as public; give only"
              + " the public key and treat the secret key as compromised");
    }
    if (tag != TAG_PUBLIC_KEY) {
      throw new IllegalArgumentException(
          "the first packet is not a public key (OpenPGP packet tag " + tag + ")");
    }
    return text;
  }

  /**
   * Armor headers up to the first blank line, then base64 lines and an optional {@code =XXXX}
   * CRC-24 line.
   */
  private static byte[] decodeBody(List<String> body) {
    int start = 0;
    if (!body.isEmpty() && body.get(0).contains(": ")) {
      while (start < body.size() && !body.get(start).isEmpty()) {
        start++;
      }
    }
    StringBuilder base64 = new StringBuilder();
    String crc = null;
    for (String line : body.subList(start, body.size())) {
      if (line.isEmpty()) {
        continue;
      }
      if (crc != null) {
        throw new IllegalArgumentException("data after the checksum line");
      }
      if (line.startsWith("=") && line.length() == 5) {
        crc = line.substring(1);
      } else {
        base64.append(line);
      }
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the armored body is not valid base64");
    }
    if (data.length == 0) {
      throw new IllegalArgumentException("the armored body is empty");
    }
    if (crc != null) {
      byte[] expected;
      try {
        expected = Base64.getDecoder().decode(crc);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the checksum line is not valid base64");
      }
      int want = ((expected[0] & 0xff) << 16) | ((expected[1] & 0xff) << 8) | (expected[2] & 0xff);
      if (crc24(data) != want) {
        throw new IllegalArgumentException("CRC-24 checksum mismatch (damaged or edited key)");
      }
    }
    return data;
  }

  /** The tag of the first OpenPGP packet (old or new header format). */
  static int firstPacketTag(byte[] packets) {
    int header = packets[0] & 0xff;
    if ((header & 0x80) == 0) {
      throw new IllegalArgumentException("not OpenPGP data (no packet header)");
    }
    return (header & 0x40) != 0 ? header & 0x3f : (header >> 2) & 0x0f;
  }

  /** RFC 4880 §6.1 CRC-24. */
  static int crc24(byte[] data) {
    int crc = 0xB704CE;
    for (byte b : data) {
      crc ^= (b & 0xff) << 16;
      for (int i = 0; i < 8; i++) {
        crc <<= 1;
        if ((crc & 0x1000000) != 0) {
          crc ^= 0x1864CFB;
        }
      }
    }
    return crc & 0xFFFFFF;
  }
}
