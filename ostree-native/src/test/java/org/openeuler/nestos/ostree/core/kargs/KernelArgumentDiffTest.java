package org.openeuler.nestos.ostree.core.kargs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelArgumentDiffTest {

  static final List<String> HOST =
      List.of(
          "BOOT_IMAGE=(hd0,gpt3)/ostree/nestos-1/vmlinuz",
          "rw",
          "root=UUID=6a1b",
          "ostree=/ostree/boot.1/nestos/abc/0",
          "ignition.platform.id=metal",
          "rd.neednet=1");

  static List<String> current(String... project) {
    return concat(HOST, List.of(project));
  }

  static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  static Map<String, List<String>> owners(Object... ownerThenTokens) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < ownerThenTokens.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> tokens = (List<String>) ownerThenTokens[i + 1];
      map.put((String) ownerThenTokens[i], tokens);
    }
    return map;
  }

  @Test
  void appendsMissingTokensInOwnerThenTokenOrder() {
    KernelArgumentEdit edit =
        KernelArgumentDiff.diff(
            current("quiet"),
            owners(
                "nodeconfig-b",
                List.of("nosmt", "quiet"),
                "nodeconfig-a",
                List.of("mitigations=off")),
            List.of());
    assertThat(edit.deleteIfPresent()).isEmpty();
    assertThat(edit.appendIfMissing()).containsExactly("nosmt", "mitigations=off");
  }

  @Test
  void keepsEveryValueOfARepeatedKey() {
    KernelArgumentEdit edit =
        KernelArgumentDiff.diff(
            current("console=tty0"),
            owners("serial", List.of("console=tty0", "console=ttyS0,115200n8", "console=hvc0")),
            List.of());
    assertThat(edit.appendIfMissing()).containsExactly("console=ttyS0,115200n8", "console=hvc0");
  }

  @Test
  void keepsOrderOfOrderSensitivePairs() {
    KernelArgumentEdit edit =
        KernelArgumentDiff.diff(
            current(),
            owners(
                "hugepages",
                List.of("hugepagesz=1G", "hugepages=4", "hugepagesz=2M", "hugepages=512")),
            List.of());
    assertThat(edit.appendIfMissing())
        .containsExactly("hugepagesz=1G", "hugepages=4", "hugepagesz=2M", "hugepages=512");
  }

  @Test
  void deletesPreviouslyAppliedTokensNoOwnerWantsAnyMore() {
    KernelArgumentEdit edit =
        KernelArgumentDiff.diff(
            current("nosmt", "console=ttyS0", "quiet"),
            owners("a", List.of("console=ttyS0")),
            List.of("nosmt", "console=ttyS0", "gone=1"));
    assertThat(edit.deleteIfPresent()).containsExactly("nosmt");
    assertThat(edit.appendIfMissing()).isEmpty();
  }

  @Test
  void neverDeletesTokensTheProjectDidNotApply() {
    KernelArgumentEdit edit =
        KernelArgumentDiff.diff(current("quiet", "nosmt"), owners(), List.of());
    assertThat(edit.isEmpty()).isTrue();
  }

  @Test
  void tokenWantedByTwoOwnersIsAppendedOnceAndKeptWhileOneWantsIt() {
    assertThat(
            KernelArgumentDiff.diff(
                    current(), owners("a", List.of("nosmt"), "b", List.of("nosmt")), List.of())
                .appendIfMissing())
        .containsExactly("nosmt");
    assertThat(
            KernelArgumentDiff.diff(
                    current("nosmt"), owners("b", List.of("nosmt")), List.of("nosmt"))
                .isEmpty())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "root=/dev/sda1",
        "ostree=/ostree/boot.0/x",
        "BOOT_IMAGE=/vmlinuz",
        "rw",
        "ro",
        "initrd=/initramfs.img",
        "ignition.firstboot",
        "ignition.platform.id=qemu",
        "rd.luks.uuid=abc",
        "rd.neednet=1",
        "coreos.oem.id=qemu",
        "rootflags=prjquota"
      })
  void refusesHostOwnedTokens(String token) {
    assertThatThrownBy(
            () ->
                KernelArgumentDiff.diff(
                    current(), owners("nc", List.of("quiet", token)), List.of()))
        .isInstanceOfSatisfying(
            HostOwnedArgumentException.class,
            e -> {
              assertThat(e.owner()).isEqualTo("nc");
              assertThat(e.token()).isEqualTo(token);
            })
        .hasMessageContaining("HostOwned");
  }

  @Test
  void neverDeletesHostOwnedTokensEvenIfRecordedAsApplied() {
    KernelArgumentEdit edit =
        KernelArgumentDiff.diff(current(), owners(), List.of("rw", "rd.neednet=1"));
    assertThat(edit.isEmpty()).isTrue();
  }

  @Test
  void refusesMalformedTokens() {
    assertThatThrownBy(
            () -> KernelArgumentDiff.diff(current(), owners("nc", List.of("a b")), List.of()))
        .hasMessageContaining("not one token");
  }

  @Test
  void applyingTheEditThenDiffingAgainIsEmpty() {
    List<String> before = current("nosmt", "console=tty0");
    Map<String, List<String>> desired =
        owners(
            "a",
            List.of("console=tty0", "console=ttyS0"),
            "b",
            List.of("hugepagesz=1G", "hugepages=4"));
    List<String> applied = List.of("nosmt");
    KernelArgumentEdit edit = KernelArgumentDiff.diff(before, desired, applied);
    List<String> after = KernelArgumentDiff.apply(before, edit);
    assertThat(after)
        .containsExactlyElementsOf(
            concat(HOST, List.of("console=tty0", "console=ttyS0", "hugepagesz=1G", "hugepages=4")));
    assertThat(
            KernelArgumentDiff.diff(after, desired, concat(applied, edit.appendIfMissing()))
                .isEmpty())
        .isTrue();
  }
}
