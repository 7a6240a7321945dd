package org.openeuler.nestos.operator.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JVM and process metrics of the operator: Micrometer's JVM memory, GC, thread, class loader,
 * processor, uptime and file descriptor binders ({@code jvm_*}, {@code process_*}, {@code
 * system_*}) and {@code nestos_process_resident_memory_bytes} (VmRSS, which no binder exports).
 */
public final class ProcessMetrics implements AutoCloseable {

  private final JvmGcMetrics gc = new JvmGcMetrics();

  public ProcessMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("nestos_process_resident_memory", ProcessMetrics::residentBytes)
        .baseUnit("bytes")
        .description("Resident set size of the process (VmRSS of /proc/self/status)")
        .register(registry);
  }

  /** VmRSS in bytes, or NaN where there is no {@code /proc/self/status}. */
  static double residentBytes() {
    return residentBytes(Path.of("/proc/self/status"));
  }

  static double residentBytes(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  @Override
  public void close() {
    gc.close();
  }
}
