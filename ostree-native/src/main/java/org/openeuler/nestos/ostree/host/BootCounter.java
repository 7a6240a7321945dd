package org.openeuler.nestos.ostree.host;

import java.util.Map;

/**
 * The host's boot counting: the GRUB environment block's {@code boot_counter}/{@code boot_success}
 * (docs/boot-counting.md). The daemon arms it right before the reboot into a new deployment, clears
 * it when its health gate passes, and reads it after a boot to recognise GRUB's fallback to the
 * previous deployment ({@link org.openeuler.nestos.ostree.core.boot.BootCounting}).
 */
public interface BootCounter {

  /** The environment block's variables; empty when the host keeps none. */
  Map<String, String> read();

  /** Arms {@code attempts} boots: {@code boot_counter=<attempts> boot_success=0}, one write. */
  void arm(int attempts);

  /** A boot the health gate accepted: {@code boot_counter} unset, {@code boot_success=1}. */
  void markSuccess();

  /** {@code boot_counter} unset: before a rollback of the daemon's own, after a fallback. */
  void disarm();

  /** A host without boot counting: nothing armed, nothing read. */
  BootCounter NONE =
      new BootCounter() {
        @Override
        public Map<String, String> read() {
          return Map.of();
        }

        @Override
        public void arm(int attempts) {}

        @Override
        public void markSuccess() {}

        @Override
        public void disarm() {}
      };
}
