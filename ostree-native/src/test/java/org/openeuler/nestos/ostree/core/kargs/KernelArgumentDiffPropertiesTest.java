package org.openeuler.nestos.ostree.core.kargs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Idempotence and safety of the karg diff over generated deployments, owners and records. */
class KernelArgumentDiffPropertiesTest {

  @Property
  void applyThenDiffIsEmpty(
      @ForAll("projectTokens") List<String> currentProject,
      @ForAll("owners") Map<String, List<String>> desired,
      @ForAll("projectTokens") List<String> previouslyApplied) {
    List<String> current =
        Stream.concat(KernelArgumentDiffTest.HOST.stream(), currentProject.stream()).toList();
    KernelArgumentEdit edit = KernelArgumentDiff.diff(current, desired, previouslyApplied);
    List<String> after = KernelArgumentDiff.apply(current, edit);

    List<String> nowApplied = new ArrayList<>(previouslyApplied);
    nowApplied.addAll(edit.appendIfMissing());
    assertThat(KernelArgumentDiff.diff(after, desired, nowApplied).isEmpty()).isTrue();
    assertThat(after).containsAll(KernelArgumentDiff.desiredTokens(desired));
    assertThat(after).containsSubsequence(KernelArgumentDiffTest.HOST);
    assertThat(edit.deleteIfPresent()).noneMatch(HostOwnedArguments::isHostOwned);
  }

  @Provide
  Arbitrary<List<String>> projectTokens() {
    return token().list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<Map<String, List<String>>> owners() {
    return token()
        .list()
        .ofMaxSize(4)
        .list()
        .ofMaxSize(3)
        .map(
            lists -> {
              Map<String, List<String>> map = new LinkedHashMap<>();
              for (int i = 0; i < lists.size(); i++) {
                map.put("owner-" + i, lists.get(i));
              }
              return map;
            });
  }

  private Arbitrary<String> token() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "quiet",
            "nosmt",
            "mitigations=off",
            "console=tty0",
            "console=ttyS0,115200n8",
            "hugepagesz=1G",
            "hugepages=4",
            "hugepagesz=2M",
            "hugepages=512",
            "foo=\"a b\""),
        Arbitraries.strings()
            .withCharRange('a', 'e')
            .ofMinLength(1)
            .ofMaxLength(3)
            .map(s -> "k" + s + "=v"));
  }
}
