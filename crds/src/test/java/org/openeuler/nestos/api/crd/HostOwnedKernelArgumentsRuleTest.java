package org.openeuler.nestos.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.kargs.HostOwnedArguments;

/**
 * The NodeConfig CRD's kernel-argument deny rule is the one generated from the daemon's list
 * ({@link HostOwnedArguments}): the rule text equals the generated one, and its expression refuses
 * exactly the tokens the daemon refuses (issue 11, item 5).
 */
class HostOwnedKernelArgumentsRuleTest {

  static List<String> rules() {
    JsonNode spec =
        GeneratedCrds.schema(GeneratedCrds.load().get("nodeconfigs" + GeneratedCrds.SUFFIX))
            .at("/properties/spec");
    List<String> out = new ArrayList<>();
    spec.path("x-kubernetes-validations").forEach(r -> out.add(r.path("rule").asText()));
    return out;
  }

  @Test
  void theCrdCarriesTheRuleGeneratedFromTheDaemonsList() {
    assertThat(rules()).contains(HostOwnedArguments.celRule("kernelArguments"));
  }

  /** Denied tokens: every key (bare and with a value) and every prefix. */
  static Stream<String> denied() {
    return Stream.concat(
        HostOwnedArguments.KEYS.stream().flatMap(k -> Stream.of(k, k + "=x")),
        HostOwnedArguments.KEY_PREFIXES.stream().flatMap(p -> Stream.of(p + "x", p + "x=1")));
  }

  @Test
  void theRulesExpressionAndTheDaemonAgreeOnEveryToken() {
    Pattern rule = Pattern.compile(HostOwnedArguments.pattern());
    List<String> tokens = new ArrayList<>(denied().toList());
    tokens.addAll(
        List.of(
            "quiet",
            "console=ttyS0",
            "rootwait",
            "initcall_debug",
            "systemd.unified_cgroup_hierarchy=1",
            "ss",
            "10",
            "rescuer",
            "rd",
            "mount.x=1",
            "init_on_alloc=1"));
    assertThat(denied()).allMatch(HostOwnedArguments::isHostOwned);
    for (String t : tokens) {
      assertThat(rule.matcher(t).find()).as(t).isEqualTo(HostOwnedArguments.isHostOwned(t));
    }
    assertThat(tokens).filteredOn(HostOwnedArguments::isHostOwned).hasSize((int) denied().count());
  }
}
