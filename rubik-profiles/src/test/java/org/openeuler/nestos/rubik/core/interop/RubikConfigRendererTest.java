package org.openeuler.nestos.rubik.core.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.Agent;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.IoCostDevice;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.IoCostNode;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.LinearParam;
import org.openeuler.nestos.rubik.core.plan.FieldError;

/**
 * Golden files under {@code src/test/resources/rubik/}; ranges from rubik 2.0's source (see the
 * renderer).
 */
class RubikConfigRendererTest {

  static String golden(String name) throws IOException {
    try (InputStream in = RubikConfigRendererTest.class.getResourceAsStream("/rubik/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static final LinearParam P =
      new LinearParam(10000000L, 10000000L, 10000000L, 10000000L, 10000000L, 10000000L);

  public static RubikConfig full() {
    return new RubikConfig(
        new Agent("file", null, 2048L, "info", null, "systemd", null),
        new RubikConfig.Preemption(List.of("cpu", "memory"), null),
        new RubikConfig.QuotaTurbo(50, null, 100),
        true,
        List.of(new IoCostNode("k8s-single", List.of(new IoCostDevice("sdb", "linear", P)))),
        new RubikConfig.DynCache("dynamic", null, null, null, null),
        new RubikConfig.DynMemory("fssr"),
        new RubikConfig.Psi(List.of("cpu", "memory"), 10, 5.0),
        new RubikConfig.CpuEvict(null, 30, 70, null),
        new RubikConfig.MemoryEvict(null, 80, null));
  }

  @Test
  void rendersEveryBlockDeterministically() throws IOException {
    var r = RubikConfigRenderer.render(full());
    assertThat(r.errors()).isEmpty();
    assertThat(r.json())
        .isEqualTo(golden("config-full.json"))
        .isEqualTo(RubikConfigRenderer.render(full()).json());
  }

  @Test
  void rendersFromPolicyFeatures() throws IOException {
    var c =
        RubikConfig.fromFeatures(
            new RubikFeatures(true, true, true, false, false, true), Agent.defaults(), null);
    assertThat(RubikConfigRenderer.render(c).json()).isEqualTo(golden("config-features.json"));
  }

  @Test
  void outOfRangeValuesAreFieldErrors() {
    var bad =
        new RubikConfig(
            new Agent("syslog", "var/log", 5L, null, null, null, "watch"),
            new RubikConfig.Preemption(List.of("cpu", "gpu"), null),
            new RubikConfig.QuotaTurbo(90, 80, 50),
            false,
            List.of(
                new IoCostNode(
                    "n",
                    List.of(
                        new IoCostDevice("sdb", "qos", new LinearParam(0L, 1L, 1L, 1L, 1L, 1L))))),
            new RubikConfig.DynCache("static", 5, null, new RubikConfig.Percent(40, 30, 50), null),
            new RubikConfig.DynMemory("lru"),
            new RubikConfig.Psi(List.of(), 60, 1.0),
            new RubikConfig.CpuEvict(4, 30, 100, 0L),
            new RubikConfig.MemoryEvict(null, null, null));
    var r = RubikConfigRenderer.render(bad);
    assertThat(r.json()).isNull();
    assertThat(r.errors())
        .extracting(FieldError::field)
        .containsExactly(
            "agent.logDriver",
            "agent.logDir",
            "agent.logSize",
            "agent.informerType",
            "preemption.resource",
            "quotaTurbo.alarmWaterMark",
            "quotaTurbo.syncInterval",
            "ioCost[0].config[0].model",
            "ioCost[0].config[0].param.rbps",
            "dynCache.adjustInterval",
            "dynCache.l3Percent",
            "dynMemory.policy",
            "psi.resource",
            "psi.interval",
            "psi.avg10threshold",
            "cpuevict.windows",
            "cpuevict.threshold",
            "cpuevict.cooldown",
            "memoryevict.threshold");
    assertThat(r.errors().get(5).message()).isEqualTo("must be > highWaterMark (90)");
  }
}
