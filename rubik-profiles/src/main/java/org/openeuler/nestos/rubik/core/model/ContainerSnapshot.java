package org.openeuler.nestos.rubik.core.model;

/**
 * One container of a pod, as the daemon saw it.
 *
 * @param name container name
 * @param id {@code <scheme>://<id>} from {@code status.containerStatuses[].containerID}; empty
 *     while the container is being created or deleted (such containers are skipped, as rubik does)
 * @param cpuQuotaMicros CFS quota per period in µs ({@code limits.cpu} x period), {@code null} when
 *     unlimited
 * @param cpuPeriodMicros CFS period in µs ({@code null} = the kubelet's 100000)
 * @param memoryLimitBytes {@code limits.memory} in bytes, {@code null} when unlimited
 */
public record ContainerSnapshot(
    String name, String id, Long cpuQuotaMicros, Long cpuPeriodMicros, Long memoryLimitBytes) {

  /** The kubelet's default CFS period. */
  public static final long DEFAULT_PERIOD_MICROS = 100_000L;

  /** A container without limits. */
  public static ContainerSnapshot of(String name, String id) {
    return new ContainerSnapshot(name, id, null, null, null);
  }

  /** The CFS period in effect. */
  public long periodMicros() {
    return cpuPeriodMicros == null ? DEFAULT_PERIOD_MICROS : cpuPeriodMicros;
  }
}
