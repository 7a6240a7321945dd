package org.openeuler.nestos.ostree.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.status.Deployment;

class InMemoryOsHostTest {

  static final String V1 =
      "ostree-unverified-registry:registry.example.com/nestos/nfc@sha256:" + "1".repeat(64);
  static final String V2 =
      "ostree-unverified-registry:registry.example.com/nestos/nfc@sha256:" + "2".repeat(64);

  final InMemoryOsHost host = new InMemoryOsHost(V1, List.of("rw", "root=UUID=1"));

  @Test
  void stageLockedThenUnplannedRebootKeepsTheOldDeployment() {
    String boot0 = host.bootId();
    host.stage(V2, KernelArgumentEdit.NONE);
    assertThat(host.status().staged().orElseThrow().finalizationLocked()).isTrue();
    host.unplannedReboot();
    assertThat(host.bootId()).isNotEqualTo(boot0);
    assertThat(host.status().booted().orElseThrow().imageReference()).isEqualTo(V1);
    assertThat(host.status().staged()).isEmpty();
  }

  @Test
  void finalizeBootsTheStagedOneAndRollbackReturns() {
    Deployment staged =
        host.stage(V2, new KernelArgumentEdit(List.of(), List.of("nosmt"))).staged().orElseThrow();
    assertThat(host.stage(V2, new KernelArgumentEdit(List.of(), List.of("nosmt"))).deployments())
        .hasSize(2);
    String boot0 = host.bootId();
    host.pin(host.status().booted().orElseThrow().checksum());
    host.finalizeAndReboot(staged.checksum());
    assertThat(host.bootId()).isNotEqualTo(boot0);
    Deployment booted = host.status().booted().orElseThrow();
    assertThat(booted.imageReference()).isEqualTo(V2);
    assertThat(booted.kernelArguments()).containsExactly("rw", "root=UUID=1", "nosmt");
    assertThat(host.status().rollback().orElseThrow().pinned()).isTrue();
    host.rollback();
    assertThat(host.status().booted().orElseThrow().imageReference()).isEqualTo(V1);
    assertThat(host.reboots()).isEqualTo(2);
    assertThat(host.calls()).hasSize(5).first().asString().startsWith("stage " + V2);
  }

  @Test
  void kargsOnlyStageOnTheBootedImage() {
    host.stage(V1, KernelArgumentEdit.NONE);
    assertThat(host.status().staged()).isEmpty();
    host.stage(V1, new KernelArgumentEdit(List.of(), List.of("quiet")));
    assertThat(host.status().staged().orElseThrow().kernelArguments()).endsWith("quiet");
  }

  @Test
  void cleanupKeepsTheBootedAndPinnedDeployments() {
    Deployment staged = host.stage(V2, KernelArgumentEdit.NONE).staged().orElseThrow();
    host.finalizeAndReboot(staged.checksum());
    String v1 = host.status().rollback().orElseThrow().checksum();
    host.pin(v1);
    host.stage(V1, new KernelArgumentEdit(List.of(), List.of("quiet")));
    host.cleanup();
    assertThat(host.status().staged()).isEmpty();
    assertThat(host.status().rollback().orElseThrow().checksum()).isEqualTo(v1);
    assertThat(host.status().deployments()).hasSize(2);
  }

  @Test
  void failuresAndRefusals() {
    assertThatThrownBy(host::rollback).hasMessageContaining("RollbackUnavailable");
    assertThatThrownBy(() -> host.finalizeAndReboot("abc"))
        .hasMessageContaining("no staged deployment");
    host.failOn("stage");
    assertThatThrownBy(() -> host.stage(V2, KernelArgumentEdit.NONE))
        .hasMessageContaining("injected failure");
    host.heal("stage").stage(V2, KernelArgumentEdit.NONE);
    host.cleanup();
    assertThat(host.status().deployments()).hasSize(1);
  }
}
