package org.openeuler.nestos.ostree.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A registry user name and password (or identity token as password). {@link #toString()} hides the
 * password.
 */
public record Credentials(String username, String password) {

  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** Decodes a docker {@code auth} value: base64 of {@code user:password}. */
  public static Credentials fromAuth(String base64) {
    String decoded = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("docker auth value is not base64 of user:password");
    }
    return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** The value of an {@code Authorization} header for HTTP basic auth. */
  public String basicHeader() {
    String pair = username + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
