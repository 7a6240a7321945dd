package org.openeuler.nestos.ostree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.openeuler.nestos.ostree.core.image.OciJson;

/**
 * Edits of a containers-auth.json file ({@code /etc/ostree/auth.json}, which rpm-ostree and
 * ostree-rs-ext read for registry credentials; format in containers-image's {@code
 * containers-auth.json(5)}): {@code {"auths": {"<registry>": {"auth": "<base64 user:password>"}}}}.
 * Pure: text in, text out. Every other entry and top-level field is kept as it is. The content of
 * an entry is never part of an exception message or {@link #toString}.
 */
public final class AuthFile {

  private final ObjectNode root;

  private AuthFile(ObjectNode root) {
    this.root = root;
  }

  /** Parses the file's text; null or blank (no file) is an empty file. */
  public static AuthFile parse(String json) {
    if (json == null || json.isBlank()) {
      return new AuthFile(OciJson.object());
    }
    JsonNode node;
    try {
      node = OciJson.read(json.getBytes(StandardCharsets.UTF_8), "auth file");
    } catch (RuntimeException e) {
      // the parser's message may quote the file's text: credentials stay out of messages
      throw new IllegalArgumentException("the auth file is not valid JSON");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("the auth file is not a JSON object");
    }
    JsonNode auths = object.get("auths");
    if (auths != null && !auths.isObject()) {
      throw new IllegalArgumentException("the auth file's \"auths\" is not an object");
    }
    return new AuthFile(object.deepCopy());
  }

  /** The {@code auth} value of {@code registry}'s entry, if there is one (exact key). */
  public Optional<String> auth(String registry) {
    JsonNode auths = root.get("auths");
    JsonNode entry = auths == null ? null : auths.get(registry);
    return Optional.ofNullable(entry == null ? null : OciJson.text(entry, "auth"));
  }

  public boolean has(String registry) {
    JsonNode auths = root.get("auths");
    return auths != null && auths.has(registry);
  }

  /** This file with {@code registry}'s entry set to {@code credentials} (replacing that entry). */
  public AuthFile with(String registry, Credentials credentials) {
    ObjectNode copy = root.deepCopy();
    ObjectNode auths = copy.get("auths") instanceof ObjectNode o ? o : copy.putObject("auths");
    auths.putObject(registry).put("auth", authValue(credentials));
    return new AuthFile(copy);
  }

  /** This file without {@code registry}'s entry. */
  public AuthFile without(String registry) {
    ObjectNode copy = root.deepCopy();
    if (copy.get("auths") instanceof ObjectNode auths) {
      auths.remove(registry);
    }
    return new AuthFile(copy);
  }

  /** Nothing left but an empty {@code auths}: the file can go. */
  public boolean isEmpty() {
    JsonNode auths = root.get("auths");
    return root.size() == 0 || (root.size() == 1 && auths != null && auths.isEmpty());
  }

  /** The file's text (pretty printed, newline-terminated). */
  public String render() {
    try {
      return OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the auth file", e);
    }
  }

  /** The {@code auth} value containers tools write: base64 of {@code user:password}. */
  public static String authValue(Credentials credentials) {
    return Base64.getEncoder()
        .encodeToString(
            (credentials.username() + ":" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A SHA-256 of an {@code auth} value, to recognise an entry this project wrote without keeping a
   * second copy of the secret.
   */
  public static String fingerprint(String auth) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(auth.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    JsonNode auths = root.get("auths");
    return "AuthFile[registries=" + (auths == null ? "[]" : iterable(auths)) + "]";
  }

  private static java.util.List<String> iterable(JsonNode auths) {
    java.util.List<String> names = new java.util.ArrayList<>();
    auths.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
