package org.openeuler.nestos.rubik.core.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.Agent;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.IoCostDevice;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.IoCostNode;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.Percent;
import org.openeuler.nestos.rubik.core.plan.FieldError;

/**
 * Renders rubik's {@code config.json} with every default made explicit, keys in a fixed order
 * (deterministic bytes), after enforcing rubik's own validation ranges (rubik exits on a bad block,
 * so we refuse it first). Ranges, from rubik's source: {@code log.go} logSize [10, 2^20]; {@code
 * net.go} waterline [20, 9999*1024], bandwidth [1, 9999*1024], low < high; {@code quotaturbo.go}
 * watermarks [0, 100] with alarm > high, syncInterval [100, 10000]; {@code dyncache.go} intervals
 * [10, 10000] ms, percents [10, 100] with low <= mid <= high; {@code psi.go} interval [10, 30] s,
 * avg10threshold [5.0, 100.0]; {@code eviction/cpu/config.go} interval and windows [1, 3600]
 * (windows a multiple of interval), threshold [1, 99], cooldown >= 1; {@code eviction/memory} the
 * same without windows, threshold required.
 */
public final class RubikConfigRenderer {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int NET_MAX = 9999 * 1024;

  /** Outcome: the JSON text, or the errors (never both). */
  public record Result(String json, List<FieldError> errors) {
    /** Whether rendering succeeded. */
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private RubikConfigRenderer() {}

  /** Validates and renders. */
  public static Result render(RubikConfig c) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("agent", agent(c.agent() == null ? Agent.defaults() : c.agent(), enabled(c), errors));
    if (c.preemption() != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      List<String> res = c.preemption().resource() == null ? List.of() : c.preemption().resource();
      if (res.isEmpty()) {
        errors.add(
            new FieldError("preemption.resource", "must name at least one of cpu, memory, net"));
      }
      oneOf(errors, "preemption.resource", res, Set.of("cpu", "memory", "net"));
      p.put("resource", res);
      if (res.contains("net") || c.preemption().net() != null) {
        var n =
            c.preemption().net() == null
                ? new RubikConfig.Net(null, null, null)
                : c.preemption().net();
        Map<String, Object> net = new LinkedHashMap<>();
        int low = range(errors, "preemption.net.bandwidthLow", n.bandwidthLow(), null, 1, NET_MAX);
        int high =
            range(errors, "preemption.net.bandwidthHigh", n.bandwidthHigh(), null, 1, NET_MAX);
        net.put(
            "waterline",
            range(errors, "preemption.net.waterline", n.waterline(), null, 20, NET_MAX));
        net.put("bandwidthLow", low);
        net.put("bandwidthHigh", high);
        if (low >= high) {
          errors.add(
              new FieldError(
                  "preemption.net.bandwidthLow", "must be < bandwidthHigh (" + high + ")"));
        }
        p.put("net", net);
      }
      root.put("preemption", p);
    }
    if (c.quotaTurbo() != null) {
      var q = c.quotaTurbo();
      Map<String, Object> m = new LinkedHashMap<>();
      int high = range(errors, "quotaTurbo.highWaterMark", q.highWaterMark(), 60, 0, 100);
      int alarm = range(errors, "quotaTurbo.alarmWaterMark", q.alarmWaterMark(), 80, 0, 100);
      if (alarm <= high) {
        errors.add(
            new FieldError("quotaTurbo.alarmWaterMark", "must be > highWaterMark (" + high + ")"));
      }
      m.put("highWaterMark", high);
      m.put("alarmWaterMark", alarm);
      m.put(
          "syncInterval",
          range(errors, "quotaTurbo.syncInterval", q.syncInterval(), 100, 100, 10000));
      root.put("quotaTurbo", m);
    }
    if (c.ioCost() != null) {
      root.put("ioCost", ioCost(c.ioCost(), errors));
    }
    if (c.dynCache() != null) {
      var d = c.dynCache();
      Map<String, Object> m = new LinkedHashMap<>();
      String mode = d.defaultLimitMode() == null ? "static" : d.defaultLimitMode();
      oneOf(errors, "dynCache.defaultLimitMode", List.of(mode), Set.of("static", "dynamic"));
      m.put("defaultLimitMode", mode);
      m.put(
          "adjustInterval",
          range(errors, "dynCache.adjustInterval", d.adjustInterval(), 1000, 10, 10000));
      m.put(
          "perfDuration",
          range(errors, "dynCache.perfDuration", d.perfDuration(), 1000, 10, 10000));
      m.put("l3Percent", percent(errors, "dynCache.l3Percent", d.l3Percent(), 20, 30, 50));
      m.put(
          "memBandPercent",
          percent(errors, "dynCache.memBandPercent", d.memBandPercent(), 10, 30, 50));
      root.put("dynCache", m);
    }
    if (c.dynMemory() != null) {
      String policy = c.dynMemory().policy();
      if (!"fssr".equals(policy)) {
        errors.add(new FieldError("dynMemory.policy", "'" + policy + "' is not supported (fssr)"));
      }
      root.put("dynMemory", Map.of("policy", String.valueOf(policy)));
    }
    if (c.psi() != null) {
      var p = c.psi();
      Map<String, Object> m = new LinkedHashMap<>();
      List<String> res = p.resource() == null ? List.of() : p.resource();
      if (res.isEmpty()) {
        errors.add(new FieldError("psi.resource", "must name at least one of cpu, memory, io"));
      }
      oneOf(errors, "psi.resource", res, Set.of("cpu", "memory", "io"));
      m.put("resource", res);
      m.put("interval", range(errors, "psi.interval", p.interval(), 10, 10, 30));
      double t = p.avg10threshold() == null ? 5.0 : p.avg10threshold();
      if (!(t >= 5.0 && t <= 100.0)) {
        errors.add(new FieldError("psi.avg10threshold", t + " is out of range [5.0, 100.0]"));
      }
      m.put("avg10threshold", t);
      root.put("psi", m);
    }
    if (c.cpuevict() != null) {
      var e = c.cpuevict();
      Map<String, Object> m = new LinkedHashMap<>();
      int interval = range(errors, "cpuevict.interval", e.interval(), 1, 1, 3600);
      int windows = range(errors, "cpuevict.windows", e.windows(), 0, 1, 3600);
      if (interval > 0 && windows % interval != 0) {
        errors.add(
            new FieldError(
                "cpuevict.windows", windows + " must be a multiple of interval " + interval));
      }
      m.put("interval", interval);
      m.put("windows", windows);
      m.put("threshold", range(errors, "cpuevict.threshold", e.threshold(), 60, 1, 99));
      m.put("cooldown", cooldown(errors, "cpuevict.cooldown", e.cooldown(), 20));
      root.put("cpuevict", m);
    }
    if (c.memoryevict() != null) {
      var e = c.memoryevict();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("interval", range(errors, "memoryevict.interval", e.interval(), 1, 1, 3600));
      if (e.threshold() == null) {
        errors.add(new FieldError("memoryevict.threshold", "must be set, in [1, 99]"));
      }
      m.put("threshold", range(errors, "memoryevict.threshold", e.threshold(), 1, 1, 99));
      m.put("cooldown", cooldown(errors, "memoryevict.cooldown", e.cooldown(), 4));
      root.put("memoryevict", m);
    }
    if (!errors.isEmpty()) {
      return new Result(null, List.copyOf(errors));
    }
    try {
      return new Result(JSON.writeValueAsString(root) + "\n", List.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** rubik feature names of the blocks present, in rubik's {@code feature.go} order. */
  public static List<String> enabled(RubikConfig c) {
    List<String> out = new ArrayList<>();
    add(out, c.preemption() != null, "preemption");
    add(out, c.dynCache() != null, "dynCache");
    add(out, c.ioCost() != null, "ioCost");
    add(out, c.dynMemory() != null, "dynMemory");
    add(out, c.quotaBurst(), "quotaBurst");
    add(out, c.quotaTurbo() != null, "quotaTurbo");
    add(out, c.psi() != null, "psi");
    add(out, c.cpuevict() != null, "cpuevict");
    add(out, c.memoryevict() != null, "memoryevict");
    return out;
  }

  private static void add(List<String> out, boolean on, String name) {
    if (on) {
      out.add(name);
    }
  }

  private static Map<String, Object> agent(
      Agent a, List<String> features, List<FieldError> errors) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "logDriver",
        pick(errors, "agent.logDriver", a.logDriver(), "stdio", Set.of("stdio", "file")));
    m.put("logDir", absolute(errors, "agent.logDir", a.logDir(), "/var/log/rubik"));
    long size = a.logSize() == null ? 1024 : a.logSize();
    if (size < 10 || size > 1024 * 1024) {
      errors.add(new FieldError("agent.logSize", size + " is out of range [10, 1048576] (MB)"));
    }
    m.put("logSize", size);
    m.put(
        "logLevel",
        pick(
            errors,
            "agent.logLevel",
            a.logLevel(),
            "info",
            Set.of("debug", "info", "warn", "error")));
    m.put("cgroupRoot", absolute(errors, "agent.cgroupRoot", a.cgroupRoot(), "/sys/fs/cgroup"));
    m.put(
        "cgroupDriver",
        pick(
            errors,
            "agent.cgroupDriver",
            a.cgroupDriver(),
            "cgroupfs",
            Set.of("cgroupfs", "systemd")));
    m.put(
        "informerType",
        pick(
            errors,
            "agent.informerType",
            a.informerType(),
            "apiserver",
            Set.of("apiserver", "nri")));
    m.put("enabledFeatures", features);
    return m;
  }

  private static List<Object> ioCost(List<IoCostNode> nodes, List<FieldError> errors) {
    List<Object> out = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      IoCostNode n = nodes.get(i);
      String f = "ioCost[" + i + "]";
      if (n.nodeName() == null || n.nodeName().isEmpty()) {
        errors.add(new FieldError(f + ".nodeName", "must be set (a node name or global)"));
      } else if (!names.add(n.nodeName())) {
        errors.add(new FieldError(f + ".nodeName", "duplicate node '" + n.nodeName() + "'"));
      }
      List<Object> devs = new ArrayList<>();
      List<IoCostDevice> cfg = n.config() == null ? List.of() : n.config();
      Set<String> devices = new java.util.HashSet<>();
      for (int j = 0; j < cfg.size(); j++) {
        String dev = cfg.get(j).dev();
        if (dev != null && !devices.add(dev)) {
          errors.add(
              new FieldError(
                  f + ".config[" + j + "].dev",
                  "device '" + dev + "' is given twice for node '" + n.nodeName() + "'"));
        }
        devs.add(IoCostParams.device(cfg.get(j), f + ".config[" + j + "]", errors));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nodeName", n.nodeName());
      m.put("config", devs);
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> percent(
      List<FieldError> errors, String f, Percent p, int lo, int mid, int hi) {
    Percent v = p == null ? new Percent(null, null, null) : p;
    int l = range(errors, f + ".low", v.low(), lo, 10, 100);
    int m = range(errors, f + ".mid", v.mid(), mid, 10, 100);
    int h = range(errors, f + ".high", v.high(), hi, 10, 100);
    if (l > m || m > h) {
      errors.add(
          new FieldError(f, "must satisfy low <= mid <= high (" + l + ", " + m + ", " + h + ")"));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("low", l);
    out.put("mid", m);
    out.put("high", h);
    return out;
  }

  static int range(List<FieldError> errors, String f, Integer v, Integer dflt, int min, int max) {
    if (v == null && dflt == null) {
      errors.add(new FieldError(f, "must be set, in [" + min + ", " + max + "]"));
      return min;
    }
    int x = v == null ? dflt : v;
    if (x < min || x > max) {
      errors.add(new FieldError(f, x + " is out of range [" + min + ", " + max + "]"));
    }
    return x;
  }

  private static long cooldown(List<FieldError> errors, String f, Long v, long dflt) {
    long x = v == null ? dflt : v;
    if (x < 1 || x > Long.MAX_VALUE - 1) {
      errors.add(new FieldError(f, x + " is out of range [1, 2^63-2]"));
    }
    return x;
  }

  private static String pick(
      List<FieldError> errors, String f, String v, String dflt, Set<String> allowed) {
    String x = v == null ? dflt : v;
    oneOf(errors, f, List.of(x), allowed);
    return x;
  }

  private static void oneOf(
      List<FieldError> errors, String f, List<String> values, Set<String> allowed) {
    for (String v : values) {
      if (!allowed.contains(v)) {
        errors.add(
            new FieldError(f, "'" + v + "' is not one of " + new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static String absolute(List<FieldError> errors, String f, String v, String dflt) {
    String x = v == null ? dflt : v;
    if (!x.startsWith("/") || x.contains("..")) {
      errors.add(new FieldError(f, "'" + x + "' must be an absolute path without '..'"));
    }
    return x;
  }
}
