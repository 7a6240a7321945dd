package org.openeuler.nestos.rubik.core.interop;

import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;

/**
 * rubik's {@code /var/lib/rubik/config.json} (rubik 2.0 {@code docs/config.md}, {@code
 * pkg/config/config.go} and each service's config struct). A {@code null} block is a disabled
 * feature; {@code null} fields take rubik's defaults. {@code agent.enabledFeatures} is derived from
 * the blocks present (and {@link #quotaBurst}).
 */
public record RubikConfig(
    Agent agent,
    Preemption preemption,
    QuotaTurbo quotaTurbo,
    boolean quotaBurst,
    List<IoCostNode> ioCost,
    DynCache dynCache,
    DynMemory dynMemory,
    Psi psi,
    CpuEvict cpuevict,
    MemoryEvict memoryevict) {

  /** {@code agent} block ({@code config.go AgentConfig}). */
  public record Agent(
      String logDriver,
      String logDir,
      Long logSize,
      String logLevel,
      String cgroupRoot,
      String cgroupDriver,
      String informerType) {
    /** All defaults. */
    public static Agent defaults() {
      return new Agent(null, null, null, null, null, null, null);
    }
  }

  /** {@code preemption} ({@code preemption.go PreemptionConfig}): resources cpu, memory, net. */
  public record Preemption(List<String> resource, Net net) {}

  /** {@code preemption.net} ({@code net.go}), MB. */
  public record Net(Integer waterline, Integer bandwidthLow, Integer bandwidthHigh) {}

  /** {@code quotaTurbo} ({@code services/quotaturbo/quotaturbo.go Config}). */
  public record QuotaTurbo(Integer highWaterMark, Integer alarmWaterMark, Integer syncInterval) {}

  /**
   * One {@code ioCost[]} element ({@code iocost.go NodeConfig}); node name {@code global} applies
   * to all nodes.
   */
  public record IoCostNode(String nodeName, List<IoCostDevice> config) {}

  /** {@code ioCost[].config[]} ({@code iocost.go IOCostConfig}); only model {@code linear}. */
  public record IoCostDevice(String dev, String model, LinearParam param) {}

  /** Linear model parameters, each in (0, 2^63). */
  public record LinearParam(
      Long rbps, Long rseqiops, Long rrandiops, Long wbps, Long wseqiops, Long wrandiops) {}

  /** {@code dynCache} ({@code dyncache.go Config}). */
  public record DynCache(
      String defaultLimitMode,
      Integer adjustInterval,
      Integer perfDuration,
      Percent l3Percent,
      Percent memBandPercent) {}

  /** Low/mid/high watermarks in percent. */
  public record Percent(Integer low, Integer mid, Integer high) {}

  /** {@code dynMemory} ({@code dynmemory.go}): policy {@code fssr} only. */
  public record DynMemory(String policy) {}

  /** {@code psi} ({@code services/psi/psi.go Config}). */
  public record Psi(List<String> resource, Integer interval, Double avg10threshold) {}

  /** {@code cpuevict} ({@code eviction/cpu/config.go}). */
  public record CpuEvict(Integer interval, Integer windows, Integer threshold, Long cooldown) {}

  /** {@code memoryevict} ({@code eviction/memory/config.go}); threshold has no default. */
  public record MemoryEvict(Integer interval, Integer threshold, Long cooldown) {}

  /** rubik's node name for the devices of every node. */
  public static final String GLOBAL = "global";

  /**
   * A RubikPolicy's iocost devices as rubik's {@code ioCost} list: one element per node name (
   * {@value #GLOBAL} for devices without one), in the order first seen, each device with the linear
   * model (throughput from MiB/s to bytes/s). A device named twice for the same node is an error
   * the renderer reports.
   */
  public static List<IoCostNode> ioCostNodes(
      List<org.openeuler.nestos.api.v1alpha1.IoCostDevice> devices) {
    java.util.Map<String, List<IoCostDevice>> byNode = new java.util.LinkedHashMap<>();
    for (var d :
        devices == null ? List.<org.openeuler.nestos.api.v1alpha1.IoCostDevice>of() : devices) {
      var m = d.linear();
      LinearParam p =
          m == null
              ? null
              : new LinearParam(
                  mib(m.readMiBps()),
                  along(m.readSeqIops()),
                  along(m.readRandIops()),
                  mib(m.writeMiBps()),
                  along(m.writeSeqIops()),
                  along(m.writeRandIops()));
      byNode
          .computeIfAbsent(d.nodeName() == null ? GLOBAL : d.nodeName(), n -> new ArrayList<>())
          .add(new IoCostDevice(d.device(), "linear", p));
    }
    List<IoCostNode> out = new ArrayList<>();
    byNode.forEach((node, devs) -> out.add(new IoCostNode(node, List.copyOf(devs))));
    return out;
  }

  private static Long mib(Integer perSecond) {
    return perSecond == null ? null : perSecond * 1_048_576L;
  }

  private static Long along(Integer v) {
    return v == null ? null : v.longValue();
  }

  /**
   * The config a RubikPolicy's feature switches ask for: cpu/memory preemption, quotaBurst, ioCost
   * (with the given device configs), dynMemory (fssr) and psi (cpu, memory, io at rubik's
   * defaults).
   */
  public static RubikConfig fromFeatures(RubikFeatures f, Agent agent, List<IoCostNode> ioCost) {
    List<String> res = new ArrayList<>();
    if (f == null || f.cpuPreemption() == null || f.cpuPreemption()) {
      res.add("cpu");
    }
    if (f != null && Boolean.TRUE.equals(f.memoryPreemption())) {
      res.add("memory");
    }
    boolean on = f != null;
    return new RubikConfig(
        agent,
        res.isEmpty() ? null : new Preemption(res, null),
        null,
        on && Boolean.TRUE.equals(f.quotaBurst()),
        on && Boolean.TRUE.equals(f.ioWeight()) ? (ioCost == null ? List.of() : ioCost) : null,
        null,
        on && Boolean.TRUE.equals(f.dynMemory()) ? new DynMemory("fssr") : null,
        on && Boolean.TRUE.equals(f.psi())
            ? new Psi(List.of("cpu", "memory", "io"), null, null)
            : null,
        null,
        null);
  }
}
