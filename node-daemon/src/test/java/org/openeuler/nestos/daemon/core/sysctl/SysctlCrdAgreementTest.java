package org.openeuler.nestos.daemon.core.sysctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.ProjectCrds;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.validation.AdmissionResult;
import org.openeuler.nestos.api.validation.CrdSchema;
import org.openeuler.nestos.api.validation.Strictness;

/**
 * The daemon's {@link SysctlRules} and the generated NodeConfig CRD (pattern, lengths, CEL
 * deny-lists, admitted by the crds module's {@link CrdSchema}) accept and reject the same table.
 * Rules the CRD cannot know (the key's file exists on this kernel, is writable, its value is
 * readable; namespaced-key warnings) are node-local and checked by {@link SysctlValidator} only;
 * they are not in the table.
 */
class SysctlCrdAgreementTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static CrdSchema nodeConfig;

  @BeforeAll
  static void loadCrd() {
    Map<String, JsonNode> crds = ProjectCrds.load();
    nodeConfig = CrdSchema.forVersion(crds.get(ProjectCrds.fileName(NodeConfig.class)), "v1alpha1");
    assertThat(nodeConfig.compilationErrors()).isEmpty();
  }

  static AdmissionResult admit(String name, String value) {
    ObjectNode obj = JSON.createObjectNode();
    obj.put("apiVersion", "nestos.openeuler.org/v1alpha1").put("kind", "NodeConfig");
    obj.putObject("metadata").put("name", "agreement");
    ObjectNode spec = obj.putObject("spec");
    spec.putObject("nodeSelector")
        .putObject("matchLabels")
        .put("node-role.kubernetes.io/worker", "");
    spec.putArray("sysctls").addObject().put("name", name).put("value", value);
    return nodeConfig.admit(obj, null, Strictness.STRICT);
  }

  @Test
  void sameVerdictsForTheWholeTable() {
    List<String> disagreements = new ArrayList<>();
    StringBuilder table =
        new StringBuilder(
            String.format(
                "%-42.42s %-9s %-9s %s%n",
                "name=value", "crd", "daemon", "daemon reason / crd error"));
    for (SysctlNameTable.Row row : SysctlNameTable.ROWS) {
      AdmissionResult crd = admit(row.name(), row.value());
      var daemon = SysctlRules.check(row.name(), row.value());
      table.append(
          String.format(
              "%-42.42s %-9s %-9s %s%n",
              row,
              verdict(crd.allowed()),
              verdict(daemon.isEmpty()),
              daemon.map(f -> f.reason().value()).orElse("-")
                  + (crd.allowed() ? "" : " / " + shorten(crd.summary()))));
      boolean crdAgrees = crd.allowed() == row.accepted();
      if (!crdAgrees || daemon.isEmpty() != row.accepted()) {
        disagreements.add(
            row
                + " ("
                + row.why()
                + "): crd="
                + crd.allowed()
                + " daemon="
                + daemon.isEmpty()
                + " expected="
                + row.accepted()
                + " "
                + crd.summary());
      }
    }
    System.out.println(table);
    assertThat(disagreements).isEmpty();
    assertThat(SysctlNameTable.ROWS)
        .filteredOn(SysctlNameTable.Row::accepted)
        .hasSizeGreaterThan(10);
    assertThat(SysctlNameTable.ROWS).filteredOn(r -> !r.accepted()).hasSizeGreaterThan(20);
  }

  @Test
  void rejectionsNameTheSameReasonAsTheCrdMessage() {
    for (SysctlNameTable.Row row : SysctlNameTable.ROWS) {
      var daemon = SysctlRules.check(row.name(), row.value());
      String reason = daemon.map(f -> f.reason().value()).orElse("");
      if (reason.equals("KubeletManaged") || reason.equals("RunsProgramAsRoot")) {
        assertThat(admit(row.name(), row.value()).summary()).as(row.toString()).contains(reason);
      }
    }
  }

  private static String verdict(boolean allowed) {
    return allowed ? "accept" : "reject";
  }

  private static String shorten(String s) {
    return s.length() > 90 ? s.substring(0, 87) + "..." : s;
  }
}
