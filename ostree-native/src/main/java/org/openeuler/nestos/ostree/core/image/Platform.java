package org.openeuler.nestos.ostree.core.image;

import java.util.Objects;

/**
 * An image index entry's platform: {@code os/architecture[/variant]}, e.g. {@code linux/arm64/v8}.
 */
public record Platform(String os, String architecture, String variant) {

  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null || variant.isBlank() ? null : variant;
  }

  /** This JVM's platform: {@code linux/<arch>} with the JDK's {@code os.arch} in OCI names. */
  public static Platform current() {
    return new Platform("linux", ociArchitecture(System.getProperty("os.arch")), null);
  }

  /** The OCI (Go {@code GOARCH}) name of a JDK {@code os.arch}. */
  public static String ociArchitecture(String jdkArch) {
    return switch (jdkArch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      case "ppc64le" -> "ppc64le";
      case "loongarch64" -> "loong64";
      default -> jdkArch;
    };
  }

  /** Parses {@code os/arch[/variant]}. */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException(
          "platform '" + text + "' must be os/architecture[/variant]");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /**
   * Whether an index entry with platform {@code candidate} can run here: same os and architecture,
   * and the same variant when this platform names one ({@code arm64} without a variant counts as
   * {@code v8}).
   */
  public boolean accepts(Platform candidate) {
    if (candidate == null
        || !os.equals(candidate.os)
        || !architecture.equals(candidate.architecture)) {
      return false;
    }
    return variant == null || variant.equals(normalVariant(candidate));
  }

  private static String normalVariant(Platform p) {
    return p.variant == null && "arm64".equals(p.architecture) ? "v8" : p.variant;
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant != null ? "/" + variant : "");
  }
}
