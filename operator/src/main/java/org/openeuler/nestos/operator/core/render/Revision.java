package org.openeuler.nestos.operator.core.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;

/**
 * {@code spec.revision}: the first 16 hex digits of SHA-256 over a canonical serialization of the
 * desired state — image, the owning OSVersion and its health gate (when an OSVersion owns the
 * node), kernel-argument tokens (in order), sysctls (sorted by key, value whitespace-normalized)
 * and the rubik profile (label selectors canonicalized; the resolved {@code offlineNamespaces} only
 * when present). The owner and the gate are part of it because they decide how the node is updated
 * and verified: a change of either is a new desired state (issue 11: returning to an earlier state
 * must be distinguishable from staying in it). Per-setting owners and the disruption grant are not
 * part of it. Every field is length-prefixed, so no two different states serialize alike.
 */
public final class Revision {
  private static final ObjectMapper GATE_JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private Revision() {}

  /** The revision of a rendered desired state no OSVersion owns. */
  public static String of(
      String osImage,
      List<OwnedKernelArgument> kargs,
      List<OwnedSysctl> sysctls,
      RubikProfile rubik) {
    return of(osImage, null, null, kargs, sysctls, rubik);
  }

  /** The revision of a rendered desired state. */
  public static String of(
      String osImage,
      String osVersionRef,
      HealthGate healthGate,
      List<OwnedKernelArgument> kargs,
      List<OwnedSysctl> sysctls,
      RubikProfile rubik) {
    return hash(canonical(osImage, osVersionRef, healthGate, kargs, sysctls, rubik));
  }

  /** The canonical serialization of a state no OSVersion owns. */
  static String canonical(
      String osImage,
      List<OwnedKernelArgument> kargs,
      List<OwnedSysctl> sysctls,
      RubikProfile rubik) {
    return canonical(osImage, null, null, kargs, sysctls, rubik);
  }

  /** The canonical serialization hashed by {@link #of}. */
  static String canonical(
      String osImage,
      String osVersionRef,
      HealthGate healthGate,
      List<OwnedKernelArgument> kargs,
      List<OwnedSysctl> sysctls,
      RubikProfile rubik) {
    StringBuilder b = new StringBuilder("v1");
    field(b, "image", osImage);
    if (osVersionRef != null) {
      // only when owned, so states no OSVersion owns keep their revisions
      field(b, "owner", osVersionRef);
      field(b, "gate", gate(healthGate));
    }
    List<String> tokens =
        kargs == null ? List.of() : kargs.stream().map(OwnedKernelArgument::token).toList();
    field(b, "kargs", String.valueOf(tokens.size()));
    tokens.forEach(t -> field(b, "t", t));
    Map<String, String> sorted = new TreeMap<>();
    if (sysctls != null) {
      sysctls.forEach(s -> sorted.put(s.name(), SysctlMerge.normalize(s.value())));
    }
    field(b, "sysctls", String.valueOf(sorted.size()));
    sorted.forEach(
        (k, v) -> {
          field(b, "k", k);
          field(b, "v", v);
        });
    if (rubik == null) {
      field(b, "rubik", null);
    } else {
      field(b, "rubik", rubik.policyRef());
      field(b, "mode", rubik.mode() == null ? null : rubik.mode().name());
      selector(b, "pods", rubik.offline() == null ? null : rubik.offline().podSelector());
      selector(
          b, "namespaces", rubik.offline() == null ? null : rubik.offline().namespaceSelector());
      RubikFeatures f = rubik.features();
      field(
          b,
          "features",
          f == null
              ? null
              : List.of(
                      f.cpuPreemption(),
                      f.memoryPreemption(),
                      f.quotaBurst(),
                      f.ioWeight(),
                      f.dynMemory(),
                      f.psi())
                  .toString());
      if (rubik.offlineNamespaces() != null) {
        field(b, "offlineNamespaces", String.valueOf(rubik.offlineNamespaces().size()));
        rubik.offlineNamespaces().forEach(n -> field(b, "n", n));
      }
    }
    return b.toString();
  }

  /** The health gate as canonical JSON (record components in declaration order), or null. */
  private static String gate(HealthGate g) {
    if (g == null) {
      return null;
    }
    try {
      return GATE_JSON.writeValueAsString(g);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a health gate always serializes", e);
    }
  }

  private static void selector(StringBuilder b, String name, LabelSelector s) {
    if (s == null) {
      field(b, name, null);
      return;
    }
    field(b, name, "");
    Map<String, String> labels =
        new TreeMap<>(s.getMatchLabels() == null ? Map.of() : s.getMatchLabels());
    field(b, "labels", String.valueOf(labels.size()));
    labels.forEach(
        (k, v) -> {
          field(b, "k", k);
          field(b, "v", v);
        });
    List<String> exprs = new ArrayList<>();
    if (s.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : s.getMatchExpressions()) {
        StringBuilder e = new StringBuilder();
        field(e, "key", r.getKey());
        field(e, "op", r.getOperator());
        List<String> values =
            r.getValues() == null ? List.of() : r.getValues().stream().sorted().distinct().toList();
        values.forEach(v -> field(e, "v", v));
        exprs.add(e.toString());
      }
    }
    exprs.sort(Comparator.naturalOrder());
    field(b, "exprs", String.valueOf(exprs.size()));
    exprs.forEach(e -> field(b, "e", e));
  }

  private static void field(StringBuilder b, String name, String value) {
    b.append(name);
    if (value == null) {
      b.append('~');
    } else {
      b.append(value.length()).append(':').append(value);
    }
    b.append(';');
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
