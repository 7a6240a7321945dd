package org.openeuler.nestos.rubik.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openeuler.nestos.rubik.core.cgroup.CgroupPaths;
import org.openeuler.nestos.rubik.core.classify.Classification;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;

/**
 * Native {@code features.psi}: which pressure files to read and when a node is under pressure, with
 * rubik's defaults ({@code docs/design/psi.md}: resources cpu, memory and io, {@code
 * avg10Threshold} 5.0). Pure; the daemon reads the files and reports the worst reading at or over
 * the threshold, the operator evicts (docs/rubik-colocation.md "Dynamic memory and PSI eviction").
 *
 * <p>On cgroup v2 each online pod's own {@code <resource>.pressure} is read (offline pods stalling
 * on what they were denied is the point, not a reason to evict); on cgroup v1 upstream kernels have
 * no per-cgroup PSI and the node's {@code /proc/pressure/<resource>} is read instead.
 */
public final class Psi {
  /** rubik's default {@code avg10Threshold}. */
  public static final double AVG10_THRESHOLD = 5.0;

  /** rubik's default resources. */
  public static final List<String> RESOURCES = List.of("cpu", "memory", "io");

  /** The source name of the node-wide files. */
  public static final String NODE = "node";

  private Psi() {}

  /**
   * One pressure file to read.
   *
   * @param source {@code pod <namespace>/<name>} or {@link #NODE}
   * @param resource cpu, memory or io
   * @param path absolute host path
   */
  public record File(String source, String resource, String path) {}

  /** One reading: the {@code some avg10} of a file. */
  public record Reading(String source, String resource, double avg10) {}

  /** The node-wide files. */
  public static List<File> nodeFiles() {
    return RESOURCES.stream().map(r -> new File(NODE, r, "/proc/pressure/" + r)).toList();
  }

  /**
   * The files to read: on cgroup v2 each online pod's (Guaranteed pods included), else the node's.
   */
  public static List<File> files(
      NodeCapabilities caps, List<PodSnapshot> pods, List<Classification> classes) {
    if (caps.version() != CgroupVersion.V2) {
      return nodeFiles();
    }
    Map<String, Classification> byUid =
        classes.stream()
            .collect(Collectors.toMap(Classification::podUid, Function.identity(), (a, b) -> a));
    List<File> out = new ArrayList<>();
    for (PodSnapshot p : pods) {
      Classification c = byUid.get(p.uid());
      if (c == null || c.offline()) {
        continue;
      }
      String dir = CgroupPaths.podDir(caps.driver(), p.qosClass(), p.cgroupId());
      for (String r : RESOURCES) {
        out.add(
            new File(
                "pod " + p.namespace() + "/" + p.name(),
                r,
                CgroupPaths.file(caps, dir, r + ".pressure")));
      }
    }
    return out.isEmpty() ? nodeFiles() : out;
  }

  /** The {@code avg10} of a pressure file's {@code some} line; empty when there is none. */
  public static OptionalDouble someAvg10(String content) {
    for (String line : content.split("\n")) {
      if (!line.startsWith("some ")) {
        continue;
      }
      for (String field : line.split(" ")) {
        if (field.startsWith("avg10=")) {
          try {
            return OptionalDouble.of(Double.parseDouble(field.substring(6)));
          } catch (NumberFormatException e) {
            return OptionalDouble.empty();
          }
        }
      }
    }
    return OptionalDouble.empty();
  }

  /** The worst reading at or over {@code threshold}; empty when none is. */
  public static Optional<Reading> worstOver(List<Reading> readings, double threshold) {
    Reading worst = null;
    for (Reading r : readings) {
      if (r.avg10() >= threshold && (worst == null || r.avg10() > worst.avg10())) {
        worst = r;
      }
    }
    return Optional.ofNullable(worst);
  }
}
