package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.render.Fx.image;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.OfflineSelector;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec.Mode;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;

class RevisionTest {
  private static OwnedKernelArgument k(String t, String... owners) {
    return new OwnedKernelArgument(t, List.of(owners));
  }

  private static OwnedSysctl s(String n, String v, String... owners) {
    return new OwnedSysctl(n, v, List.of(owners));
  }

  private static final List<OwnedKernelArgument> KARGS =
      List.of(k("console=tty0", "NodeConfig/a"), k("quiet"));
  private static final List<OwnedSysctl> SYSCTLS = List.of(s("a.b", "1"), s("c.d", "2"));
  private static final RubikProfile RUBIK =
      new RubikProfile(
          "mix",
          Mode.Native,
          new OfflineSelector(Fx.sel("tier=batch", "team=x"), null),
          Fx.features(true, false, false));
  private static final String BASE = Revision.of(image('a'), KARGS, SYSCTLS, RUBIK);

  @Test
  void isSixteenHexAndStable() {
    assertThat(BASE)
        .matches("[0-9a-f]{16}")
        .isEqualTo(
            Revision.of(
                image('a'),
                List.copyOf(KARGS),
                List.copyOf(SYSCTLS),
                new RubikProfile(
                    "mix",
                    Mode.Native,
                    new OfflineSelector(Fx.sel("team=x", "tier=batch"), null),
                    Fx.features(true, false, false))));
  }

  @Test
  void insensitiveToSysctlOrderOwnersAndValueWhitespace() {
    assertThat(
            Revision.of(
                image('a'),
                List.of(k("console=tty0", "NodeConfig/z"), k("quiet", "NodeConfig/y")),
                List.of(s("c.d", " 2 ", "NodeConfig/q"), s("a.b", "1")),
                RUBIK))
        .isEqualTo(BASE);
  }

  @Test
  void sensitiveToEveryMaterialChange() {
    assertThat(
            List.of(
                Revision.of(image('b'), KARGS, SYSCTLS, RUBIK),
                Revision.of(null, KARGS, SYSCTLS, RUBIK),
                Revision.of(image('a'), List.of(k("quiet"), k("console=tty0")), SYSCTLS, RUBIK),
                Revision.of(image('a'), List.of(k("console=tty0")), SYSCTLS, RUBIK),
                Revision.of(image('a'), KARGS, List.of(s("a.b", "1"), s("c.d", "3")), RUBIK),
                Revision.of(image('a'), KARGS, List.of(s("a.b", "1")), RUBIK),
                Revision.of(image('a'), KARGS, SYSCTLS, null),
                Revision.of(
                    image('a'),
                    KARGS,
                    SYSCTLS,
                    new RubikProfile("mix", Mode.Rubik, RUBIK.offline(), RUBIK.features())),
                Revision.of(
                    image('a'),
                    KARGS,
                    SYSCTLS,
                    new RubikProfile(
                        "mix", Mode.Native, RUBIK.offline(), Fx.features(true, true, false))),
                Revision.of(
                    image('a'),
                    KARGS,
                    SYSCTLS,
                    new RubikProfile(
                        "mix",
                        Mode.Native,
                        new OfflineSelector(Fx.sel("tier=batch"), null),
                        RUBIK.features()))))
        .doesNotContain(BASE)
        .doesNotHaveDuplicates();
  }

  @Test
  void fieldBoundariesAreUnambiguous() {
    assertThat(Revision.of(null, List.of(k("a b")), List.of(), null))
        .isNotEqualTo(Revision.of(null, List.of(k("a"), k("b")), List.of(), null));
    assertThat(Revision.of(null, List.of(), List.of(s("a.b", "c;d")), null))
        .isNotEqualTo(Revision.of(null, List.of(), List.of(s("a.b", "c"), s("d.e", "d")), null));
  }

  @Test
  void resolvedOfflineNamespacesCountOnlyWhenPresent() {
    RubikProfile none =
        new RubikProfile("mix", Mode.Native, RUBIK.offline(), RUBIK.features(), null);
    assertThat(Revision.canonical(image('a'), KARGS, SYSCTLS, none))
        .doesNotContain("offlineNamespaces");
    assertThat(Revision.of(image('a'), KARGS, SYSCTLS, none)).isEqualTo(BASE);
    assertThat(
            List.of(
                BASE,
                Revision.of(image('a'), KARGS, SYSCTLS, withNamespaces(List.of())),
                Revision.of(image('a'), KARGS, SYSCTLS, withNamespaces(List.of("a"))),
                Revision.of(image('a'), KARGS, SYSCTLS, withNamespaces(List.of("b"))),
                Revision.of(image('a'), KARGS, SYSCTLS, withNamespaces(List.of("a", "b"))),
                Revision.of(image('a'), KARGS, SYSCTLS, withNamespaces(List.of("ab")))))
        .doesNotHaveDuplicates();
  }

  private static RubikProfile withNamespaces(List<String> names) {
    return new RubikProfile("mix", Mode.Native, RUBIK.offline(), RUBIK.features(), names);
  }
}
