package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.helm.ArgoCdHealthFixtures.Fixture;
import org.openeuler.nestos.helm.ArgoCdLua.Health;

/**
 * The chart's Argo CD health script ({@code argocd/health.lua}) run in gopher-lua as Argo CD runs a
 * {@code resource.customizations} health script ({@link ArgoCdLua}), on OSVersion, NodeConfig and
 * RubikPolicy objects whose statuses the operator's own code built ({@link ArgoCdHealthFixtures}).
 */
class ArgoCdHealthTest {

  static final Path SCRIPT = Path.of("nestos-operator/argocd/health.lua");
  static final Path EXAMPLES = Path.of("../examples");
  static final Path FIXTURES = Path.of("target/argocd-health-fixtures");

  static List<Fixture> fixtures;
  static Map<String, Path> files;

  @BeforeAll
  static void writeFixtures() throws Exception {
    fixtures = new ArgoCdHealthFixtures(EXAMPLES).all();
    files = ArgoCdHealthFixtures.write(fixtures, FIXTURES);
  }

  @Test
  void everyStatusTheOperatorWritesReadsAsItsArgoCdHealth() throws Exception {
    List<Health> health = ArgoCdLua.run(SCRIPT, false, files.values());
    System.out.println(
        "health.lua in gopher-lua (Argo CD's default libraries), fixture -> health:");
    System.out.printf("%-36s %-12s %s%n", "fixture", "status", "message");
    SoftAssertions soft = new SoftAssertions();
    for (int i = 0; i < fixtures.size(); i++) {
      Fixture f = fixtures.get(i);
      Health h = health.get(i);
      System.out.printf(
          "%-36s %-12s %s%n", f.name(), h.status(), h.error() == null ? h.message() : h.error());
      soft.assertThat(h.fixture()).isEqualTo(files.get(f.name()).toAbsolutePath().toString());
      soft.assertThat(h.error()).as("%s: script error", f.name()).isNull();
      soft.assertThat(h.status()).as("%s: status", f.name()).isEqualTo(f.status());
      soft.assertThat(h.message()).as("%s: message", f.name()).contains(f.messageContains());
    }
    soft.assertThat(health).hasSameSizeAs(fixtures);
    soft.assertAll();
  }

  @Test
  void everyArgoCdStatusTheScriptCanReturnIsCovered() {
    assertThat(fixtures)
        .extracting(Fixture::status)
        .contains("Healthy", "Progressing", "Suspended", "Degraded");
    assertThat(fixtures)
        .extracting(Fixture::name)
        .allSatisfy(n -> assertThat(n).matches("(osversion|nodeconfig|rubikpolicy)-.*"));
  }

  @Test
  void useOpenLibsChangesNothing() throws Exception {
    assertThat(ArgoCdLua.run(SCRIPT, true, files.values()))
        .isEqualTo(ArgoCdLua.run(SCRIPT, false, files.values()));
  }

  /** The harness must be as strict as Argo CD: no os, io, string or math unless asked. */
  @Test
  void theHarnessOpensNoOsOrIoLibrary() throws Exception {
    Path probe = FIXTURES.resolve("probe.lua");
    Files.writeString(
        probe,
        """
        local absent = ""
        for _, name in ipairs({"os", "io", "string", "math", "debug"}) do
          if _G[name] == nil then absent = absent .. name .. " " end
        end
        return { status = "Healthy", message = absent }
        """);
    Path any = files.values().iterator().next();
    assertThat(ArgoCdLua.run(probe, false, List.of(any)).get(0).message())
        .isEqualTo("os io string math debug ");
    assertThat(ArgoCdLua.run(probe, true, List.of(any)).get(0).message()).isEmpty();
    Files.writeString(probe, "return { status = os.getenv('HOME') }");
    assertThat(ArgoCdLua.run(probe, false, List.of(any)).get(0).error())
        .contains("attempt to index a non-table object(nil) with key 'getenv'");
  }

  @Test
  void theScriptCallsNoLibraryFunction() throws Exception {
    String code = Files.readString(SCRIPT).replaceAll("--[^\n]*", "");
    Matcher library =
        Pattern.compile(
                "\\b(os|io|string|math|debug|package|coroutine)\\s*\\.|\\b(require|load|loadstring"
                    + "|loadfile|dofile|setfenv|getfenv|rawset)\\s*\\(|[\\w)\\]\"']\\s*:\\s*\\w+\\s*\\(")
            .matcher(code);
    assertThat(library.find()).as("library use: %s", library.results().toList()).isFalse();
  }

  /** The argocd-cm snippet of examples/argocd registers exactly this script for the three kinds. */
  @Test
  void theArgoCdConfigMapSnippetCarriesTheScript() throws Exception {
    ConfigMap cm =
        ArgoCdHealthFixtures.SERIALIZATION.unmarshal(
            Files.readString(EXAMPLES.resolve("argocd/argocd-cm.yaml")), ConfigMap.class);
    String script = Files.readString(SCRIPT);
    for (String kind : List.of("OSVersion", "NodeConfig", "RubikPolicy")) {
      assertThat(cm.getData().get("resource.customizations.health.nestos.openeuler.org_" + kind))
          .as("argocd-cm health script of %s (copy helm/nestos-operator/argocd/health.lua)", kind)
          .isEqualTo(script);
    }
  }
}
