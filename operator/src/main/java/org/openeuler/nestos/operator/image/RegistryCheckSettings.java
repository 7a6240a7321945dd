package org.openeuler.nestos.operator.image;

import java.nio.file.Path;
import java.util.Set;
import org.openeuler.nestos.ostree.registry.RegistryOptions;

/**
 * How the operator checks OSVersion images in their registries (docs/private-registries.md; chart
 * values under {@code registry:}).
 *
 * @param enabled false: no check at all; the OSVersion shows {@code
 *     ImageVerified=False/RegistryCheckDisabled} and rolls out ({@code NESTOS_REGISTRY_CHECK})
 * @param blockOnUnreachable true: a registry the operator cannot reach stalls the rollout ({@code
 *     Stalled/RegistryUnreachable}); false (default): the rollout proceeds with {@code
 *     ImageVerified=False/RegistryUnreachable}, since the nodes may reach what the operator cannot
 *     ({@code NESTOS_REGISTRY_ON_UNREACHABLE=Block|Proceed})
 * @param caFile PEM CA certificates trusted besides the JDK's, or null ({@code
 *     NESTOS_REGISTRY_CA_FILE})
 * @param plainHttpRegistries registries ({@code host[:port]}) spoken to over plain HTTP ({@code
 *     NESTOS_REGISTRY_PLAIN_HTTP}, comma-separated)
 */
public record RegistryCheckSettings(
    boolean enabled, boolean blockOnUnreachable, Path caFile, Set<String> plainHttpRegistries) {

  public RegistryCheckSettings {
    plainHttpRegistries = Set.copyOf(plainHttpRegistries);
  }

  public static RegistryCheckSettings defaults() {
    return new RegistryCheckSettings(true, false, null, Set.of());
  }

  /** {@code base} with this CA bundle and plain-HTTP list. */
  public RegistryOptions apply(RegistryOptions base) {
    RegistryOptions o = base;
    if (caFile != null) {
      o = o.withCaFile(caFile);
    }
    if (!plainHttpRegistries.isEmpty()) {
      o = o.withPlainHttp(plainHttpRegistries.toArray(String[]::new));
    }
    return o;
  }

  /** Reads the {@code registry-*} settings ({@code NESTOS_REGISTRY_*} or {@code --registry-*}). */
  public static RegistryCheckSettings from(java.util.Map<String, String> v) {
    String check = v.getOrDefault("registry-check", "true");
    if (!check.equals("true") && !check.equals("false")) {
      throw new IllegalArgumentException("--registry-check is true or false, got " + check);
    }
    String onUnreachable = v.getOrDefault("registry-on-unreachable", "Proceed");
    if (!onUnreachable.equals("Proceed") && !onUnreachable.equals("Block")) {
      throw new IllegalArgumentException(
          "--registry-on-unreachable is Proceed or Block, got " + onUnreachable);
    }
    String ca = v.get("registry-ca-file");
    String plain = v.getOrDefault("registry-plain-http", "");
    return new RegistryCheckSettings(
        Boolean.parseBoolean(check),
        onUnreachable.equals("Block"),
        ca == null || ca.isBlank() ? null : Path.of(ca),
        java.util.Arrays.stream(plain.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(java.util.stream.Collectors.toSet()));
  }
}
