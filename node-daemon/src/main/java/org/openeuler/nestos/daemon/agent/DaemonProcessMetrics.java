package org.openeuler.nestos.daemon.agent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JVM and process metrics of the daemon: Micrometer's JVM memory, GC, class loader, processor,
 * uptime and file descriptor binders ({@code jvm_*}, {@code process_*}, {@code system_*}), the live
 * thread count ({@code jvm_threads_live_threads}, as the operator's) and {@code
 * nestos_process_resident_memory_bytes} (VmRSS, which no binder exports). Cost (docs/metrics.md):
 * ~1 MiB RSS, a few ms of CPU per scrape.
 */
public final class DaemonProcessMetrics implements AutoCloseable {

  private final JvmGcMetrics gc = new JvmGcMetrics();

  DaemonProcessMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    // not JvmThreadMetrics: its six thread-state gauges take a ThreadInfo of every thread each, at
    // every scrape; the live count is one call
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Gauge.builder("jvm.threads.live", threads, ThreadMXBean::getThreadCount)
        .baseUnit("threads")
        .description(
            "The current number of live threads including both daemon and non-daemon threads")
        .register(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("nestos_process_resident_memory", DaemonProcessMetrics::residentBytes)
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
