package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Answers, for a field path (property names from the object root; list items are transparent, e.g.
 * {@code ["spec","containers","env"]}), how lists and maps merge.
 *
 * <p>{@link #list} is the server-side-apply view ({@code x-kubernetes-list-type}); {@link
 * #patchStrategy} is the strategic-merge-patch view ({@code patchStrategy}/{@code patchMergeKey}),
 * which for a few built-in fields differs (e.g. Node {@code status.addresses}: SSA atomic, SMP
 * merge by {@code type}).
 */
public interface ListSchema {

  /** How a list merges. */
  enum ListType {
    ATOMIC,
    SET,
    MAP
  }

  /** How a map (object) merges. */
  enum MapType {
    GRANULAR,
    ATOMIC
  }

  /** A list's type and, for {@link ListType#MAP}, its key fields. */
  record ListInfo(ListType type, List<String> keys) {
    public static final ListInfo ATOMIC = new ListInfo(ListType.ATOMIC, List.of());
    public static final ListInfo SET = new ListInfo(ListType.SET, List.of());

    public ListInfo {
      Objects.requireNonNull(type, "type");
      keys = List.copyOf(keys);
      if (type == ListType.MAP && keys.isEmpty()) {
        throw new IllegalArgumentException("map list needs key fields");
      }
    }

    /** A list-map keyed by the given fields. */
    public static ListInfo map(String... keys) {
      return new ListInfo(ListType.MAP, List.of(keys));
    }
  }

  /**
   * Server-side-apply list semantics at {@code path}; unknown lists are {@link ListInfo#ATOMIC}.
   */
  ListInfo list(List<String> path);

  /** Strategic-merge-patch list semantics at {@code path}; defaults to {@link #list}. */
  default ListInfo patchStrategy(List<String> path) {
    return list(path);
  }

  /** Map semantics at {@code path}; unknown maps are {@link MapType#GRANULAR}. */
  MapType mapType(List<String> path);

  /**
   * A schema where every list is atomic and every map granular (plus the common metadata rules).
   */
  static ListSchema defaults() {
    return BuiltinListSchemas.forKind("", "");
  }

  /**
   * Reads {@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys} and {@code
   * x-kubernetes-map-type} from a CRD's {@code openAPIV3Schema}; {@code metadata} paths use the
   * built-in ObjectMeta rules.
   */
  static ListSchema fromOpenApiV3(JsonNode openApiV3Schema) {
    return new OpenApiListSchema(openApiV3Schema);
  }
}
