package org.openeuler.nestos.ostree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openeuler.nestos.ostree.core.image.OciJson;

/**
 * Registry credentials from a docker {@code config.json} or a Kubernetes pull secret's {@code
 * .dockerconfigjson} ({@code auths.<host>.auth} = base64 {@code user:pass}, or {@code
 * username}/{@code password}). The legacy {@code .dockercfg} shape (no {@code auths} wrapper) is
 * read too. Keys are normalized to {@code host[:port]}.
 */
public record DockerConfig(Map<String, Credentials> auths) {

  private static final String DOCKER_HUB_KEY = "index.docker.io";

  public DockerConfig {
    auths = Map.copyOf(auths);
  }

  public static DockerConfig empty() {
    return new DockerConfig(Map.of());
  }

  public static DockerConfig load(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  /**
   * Parses a {@code config.json} / {@code .dockerconfigjson} (already base64-decoded from the
   * Secret).
   */
  public static DockerConfig parse(byte[] json) {
    JsonNode root = OciJson.read(json, "docker config");
    JsonNode auths = root.has("auths") ? root.get("auths") : root;
    Map<String, Credentials> out = new LinkedHashMap<>();
    auths
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode entry = e.getValue();
              Credentials c = null;
              String auth = OciJson.text(entry, "auth");
              if (auth != null && !auth.isBlank()) {
                c = Credentials.fromAuth(auth);
              } else if (OciJson.text(entry, "username") != null
                  && OciJson.text(entry, "password") != null) {
                c =
                    new Credentials(
                        OciJson.text(entry, "username"), OciJson.text(entry, "password"));
              }
              if (c != null) {
                out.put(normalize(e.getKey()), c);
              }
            });
    return new DockerConfig(out);
  }

  /** This config plus one entry (for tests and explicit credentials). */
  public DockerConfig with(String registry, Credentials credentials) {
    Map<String, Credentials> copy = new LinkedHashMap<>(auths);
    copy.put(normalize(registry), credentials);
    return new DockerConfig(copy);
  }

  /** The credentials for {@code registry} ({@code host[:port]}), if any. */
  public Optional<Credentials> forRegistry(String registry) {
    return Optional.ofNullable(auths.get(normalize(registry)));
  }

  /**
   * {@code https://host:port/v1/} and friends to {@code host:port}; Docker Hub's names to one key.
   */
  static String normalize(String key) {
    String k = key.trim();
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    k = k.toLowerCase(java.util.Locale.ROOT);
    return switch (k) {
      case "docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB_KEY;
      default -> k;
    };
  }
}
