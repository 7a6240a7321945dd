package org.openeuler.nestos.daemon.rubik;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.openeuler.nestos.api.v1alpha1.PsiPressure;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.rubik.core.classify.Classification;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.plan.Fssr;
import org.openeuler.nestos.rubik.core.plan.Psi;

/**
 * The I/O edge of Native {@code features.dynMemory} and {@code features.psi}: samples {@code
 * /proc/meminfo} and the pressure files the pure {@link Psi} names, keeps the {@link Fssr} state
 * and the pressure report. One {@link #sample} per tick, on the live thread only.
 */
public final class PressureMonitor {

  /** How often a report that lasts is refreshed (its {@code observedAt}). */
  public static final Duration REFRESH = Duration.ofSeconds(30);

  private final HostFs fs;
  private final Clock clock;
  private Fssr fssr;
  private PsiPressure pressure;

  /** What one sample changed. */
  public record Change(boolean memoryHigh, boolean pressure) {
    public boolean any() {
      return memoryHigh || pressure;
    }
  }

  public PressureMonitor(HostFs fs, Clock clock) {
    this.fs = fs;
    this.clock = clock;
  }

  /** Whether {@code profile} asks for anything this monitor does. */
  public static boolean wanted(RubikProfile profile) {
    return dynMemory(profile) || psi(profile);
  }

  /**
   * One sample. {@code classes} are the last plan's classifications of {@code pods} (which pods are
   * online).
   */
  public Change sample(
      RubikProfile profile,
      NodeCapabilities caps,
      List<PodSnapshot> pods,
      List<Classification> classes)
      throws IOException {
    Long before = offlineMemoryHigh();
    if (dynMemory(profile)) {
      long[] mem = meminfo();
      if (mem != null) {
        Fssr now = fssr == null ? Fssr.start(mem[0]) : fssr;
        fssr = now.step(mem[0], mem[1], clock.instant());
      }
    } else {
      fssr = null;
    }
    PsiPressure old = pressure;
    pressure = psi(profile) && caps != null ? next(Psi.files(caps, pods, classes)) : null;
    return new Change(!Objects.equals(before, offlineMemoryHigh()), old != pressure);
  }

  /** The limit each offline pod gets now; null while dynMemory is off or memory was never read. */
  public Long offlineMemoryHigh() {
    return fssr == null ? null : fssr.highBytes();
  }

  /** The pressure report; null while below the threshold or psi is off. */
  public PsiPressure pressure() {
    return pressure;
  }

  private PsiPressure next(List<Psi.File> files) throws IOException {
    List<Psi.Reading> readings = read(files);
    if (readings.isEmpty() && !files.equals(Psi.nodeFiles())) {
      readings = read(Psi.nodeFiles()); // no per-cgroup PSI on this kernel
    }
    Optional<Psi.Reading> worst = Psi.worstOver(readings, Psi.AVG10_THRESHOLD);
    if (worst.isEmpty()) {
      return null;
    }
    Psi.Reading w = worst.get();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    boolean same =
        pressure != null
            && pressure.resource().equals(w.resource())
            && pressure.source().equals(w.source());
    if (same
        && Duration.between(Instant.parse(pressure.observedAt()), now).compareTo(REFRESH) < 0) {
      return pressure; // unchanged: no status write
    }
    return new PsiPressure(
        w.resource(),
        Math.min(100.0, w.avg10()),
        Psi.AVG10_THRESHOLD,
        w.source(),
        pressure != null ? pressure.since() : now.toString(),
        now.toString());
  }

  private List<Psi.Reading> read(List<Psi.File> files) throws IOException {
    List<Psi.Reading> out = new ArrayList<>();
    for (Psi.File f : files) {
      Optional<String> text = fs.read(f.path());
      if (text.isPresent()) {
        OptionalDouble avg10 = Psi.someAvg10(text.get());
        if (avg10.isPresent()) {
          out.add(new Psi.Reading(f.source(), f.resource(), avg10.getAsDouble()));
        }
      }
    }
    return out;
  }

  /** MemTotal and MemAvailable in bytes, or null when {@code /proc/meminfo} lacks them. */
  private long[] meminfo() throws IOException {
    Optional<String> text = fs.read("/proc/meminfo");
    if (text.isEmpty()) {
      return null;
    }
    long total = -1;
    long available = -1;
    for (String line : text.get().split("\n")) {
      if (line.startsWith("MemTotal:")) {
        total = kib(line);
      } else if (line.startsWith("MemAvailable:")) {
        available = kib(line);
      }
    }
    return total > 0 && available >= 0 ? new long[] {total, available} : null;
  }

  private static long kib(String line) {
    String[] f = line.trim().split("\\s+");
    try {
      return Long.parseLong(f[1]) * 1024;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static boolean dynMemory(RubikProfile p) {
    return nativeFeatures(p) != null && Boolean.TRUE.equals(nativeFeatures(p).dynMemory());
  }

  private static boolean psi(RubikProfile p) {
    return nativeFeatures(p) != null && Boolean.TRUE.equals(nativeFeatures(p).psi());
  }

  private static RubikFeatures nativeFeatures(RubikProfile p) {
    return p == null || p.mode() == RubikPolicySpec.Mode.Rubik ? null : p.features();
  }
}
