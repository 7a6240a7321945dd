package org.openeuler.nestos.apiserver.http;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A parsed resource URL: {@code /api/v1/[namespaces/<ns>/]<plural>[/<name>[/<subresource>]]} or the
 * same under {@code /apis/<group>/<version>}; the legacy {@code /watch/} prefix is recognised.
 */
public record ApiPath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    boolean legacyWatch) {

  /**
   * @param isNamespacedPlural tells whether {@code group/version/plural} names a namespaced
   *     resource, to tell {@code /api/v1/namespaces/<ns>/pods} from {@code
   *     /api/v1/namespaces/<name>/status}
   */
  public static Optional<ApiPath> parse(String path, NamespacedLookup isNamespacedPlural) {
    List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    String group;
    String version;
    int i;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      i = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      i = 3;
    } else {
      return Optional.empty();
    }
    boolean watch = false;
    if (i < parts.size() && parts.get(i).equals("watch")) {
      watch = true;
      i++;
    }
    List<String> rest = parts.subList(i, parts.size());
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    Predicate<String> namespacedPlural = plural -> isNamespacedPlural.test(group, version, plural);
    if (rest.get(0).equals("namespaces")
        && rest.size() >= 3
        && namespacedPlural.test(rest.get(2))) {
      return Optional.of(
          new ApiPath(group, version, rest.get(1), rest.get(2), at(rest, 3), at(rest, 4), watch));
    }
    return Optional.of(
        new ApiPath(group, version, "", rest.get(0), at(rest, 1), at(rest, 2), watch));
  }

  private static String at(List<String> parts, int index) {
    return index < parts.size() ? parts.get(index) : "";
  }

  public boolean isCollection() {
    return name.isEmpty();
  }

  /** Whether a group/version/plural names a namespaced resource. */
  @FunctionalInterface
  public interface NamespacedLookup {
    boolean test(String group, String version, String plural);
  }
}
