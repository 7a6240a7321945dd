package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.openeuler.nestos.api.validation.SchemaMutants.Mutant;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * Differential admission: our validator (CRD schema + CEL, {@link CrdSchema}, the one the stand-in
 * API server uses) and the real kube-apiserver give the same verdict (accepted, or rejected naming
 * the same set of fields) on every example and on {@value #PER_CRD} generated objects per CRD
 * ({@link SchemaMutants}). The real server gets {@code dryRun=All} creates (nothing persisted),
 * {@value #IN_FLIGHT} at a time over one client. Every difference is a bug in our validator, or
 * listed with its reason in docs/admission-differential.md ({@link KnownDifferences}: counted as
 * {@code known}, not compared).
 */
class DifferentialAdmissionKubeIT {

  static final int PER_CRD = 1000;
  static final int IN_FLIGHT = 8;
  private static final RealControlPlane CP = RealControlPlane.shared();
  private static final CrdSchemas CRDS = RealCrds.registry();

  @Example
  void examplesGetTheSameVerdictFromBothServers() {
    List<Path> files = new ArrayList<>(RealCrds.yamlFiles(RealCrds.examplesDir()));
    files.addAll(RealCrds.yamlFiles(RealCrds.examplesDir().resolve("invalid")));
    List<Mutant> cases = new ArrayList<>();
    for (Path f : files) {
      JsonNode obj = RealCrds.read(f);
      cases.add(new Mutant(obj.path("kind").asText(), "file " + f.getFileName(), (ObjectNode) obj));
    }
    Outcome o = compare(cases);
    System.out.printf(
        "differential-admission: examples tried=%d accepted=%d disagreements=%d%n",
        cases.size(), o.accepted(), o.disagreements().size());
    assertThat(o.disagreements()).isEmpty();
  }

  /**
   * CRD level: the real apiserver validates each {@code default} as written, CEL rules included,
   * before the defaults inside it apply; {@link CrdSchema#defaultErrors()} must agree.
   */
  @Example
  void defaultValuesAreJudgedAlikeOnCrds() {
    ObjectNode crd = (ObjectNode) TestSupport.resource("validation/widgets-crd.yaml").deepCopy();
    ObjectNode rollout =
        (ObjectNode)
            crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/rollout");
    List<String> verdicts = new ArrayList<>();
    for (String rule :
        List.of(
            "",
            "self.strategy == 'Rolling' || self.timeoutSeconds > 0",
            "!has(self.strategy) || self.strategy == 'Rolling' || self.timeoutSeconds > 0")) {
      if (rule.isEmpty()) {
        rollout.remove("x-kubernetes-validations");
      } else {
        rollout.putArray("x-kubernetes-validations").addObject().put("rule", rule);
      }
      List<String> ours = CrdSchema.forVersion(crd, "v1").defaultErrors();
      HttpClient http = CP.admin().getHttpClient();
      HttpResponse<String> real =
          http.sendAsync(
                  http.newHttpRequestBuilder()
                      .uri(
                          CP.url()
                              + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions?dryRun=All")
                      .post("application/json", crd.toString())
                      .build(),
                  String.class)
              .join();
      String line =
          "rule ["
              + rule
              + "]: ours "
              + (ours.isEmpty() ? "accepted" : "rejected " + ours)
              + ", real "
              + real.code()
              + (real.code() == 201 ? "" : " " + real.body());
      System.out.println("differential-admission: crd-default " + line);
      verdicts.add(line);
      assertThat(ours.isEmpty()).as(line).isEqualTo(real.code() == 201);
      if (!ours.isEmpty()) {
        // ours names the schema path, the apiserver its own notation of it
        assertThat(ours).allSatisfy(e -> assertThat(e).startsWith("spec.rollout.default: "));
        assertThat(real.body())
            .as(line)
            .contains("properties[spec].properties[rollout].default")
            .contains("no such key");
      }
    }
    assertThat(verdicts).hasSize(3);
    assertThat(verdicts.get(1)).contains("ours rejected").contains("real 422");
  }

  @Property(tries = 1, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void osVersion(@ForAll("osVersions") List<Mutant> cases) {
    assertAgreement("OSVersion", cases);
  }

  @Property(tries = 1, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void nodeConfig(@ForAll("nodeConfigs") List<Mutant> cases) {
    assertAgreement("NodeConfig", cases);
  }

  @Property(tries = 1, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void rubikPolicy(@ForAll("rubikPolicies") List<Mutant> cases) {
    assertAgreement("RubikPolicy", cases);
  }

  @Property(tries = 1, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void nodeState(@ForAll("nodeStates") List<Mutant> cases) {
    assertAgreement("NodeState", cases);
  }

  /**
   * Status subresource updates ({@value #STATUS_PER_CRD} per CRD): each kind's example is created
   * for real, then {@code PUT .../status?dryRun=All} with a generated status; ours validates the
   * stored object with that status against the stored one, as the stand-in does.
   */
  @Property(tries = 1, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void statusUpdates(@ForAll("statuses") List<Mutant> cases) {
    HttpClient http = CP.admin().getHttpClient();
    java.util.Map<String, JsonNode> stored = new java.util.TreeMap<>();
    List<String> disagreements = new ArrayList<>();
    try {
      for (String example : EXAMPLES) {
        ObjectNode obj = (ObjectNode) RealCrds.read(RealCrds.examplesDir().resolve(example));
        String name = "differential-status-" + obj.path("kind").asText().toLowerCase();
        obj.with("metadata").put("name", name);
        if (obj.path("kind").asText().equals("NodeState")) {
          obj.with("spec").put("nodeName", name);
        }
        HttpResponse<String> created =
            http.sendAsync(
                    http.newHttpRequestBuilder()
                        .uri(collectionUrl(obj))
                        .post("application/json", obj.toString())
                        .build(),
                    String.class)
                .join();
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        stored.put(obj.path("kind").asText(), RealCrds.json(created.body()));
      }
      for (String kind : stored.keySet()) {
        JsonNode base = stored.get(kind);
        List<Mutant> ofKind = cases.stream().filter(m -> m.kind().equals(kind)).toList();
        assertThat(ofKind).hasSize(STATUS_PER_CRD);
        Outcome o =
            compare(
                ofKind,
                m -> sendStatusDryRun(http, base, m.object()),
                m -> AdmissionVerdict.oursStatusUpdate(CRDS, base, m.object()));
        System.out.printf(
            "differential-admission: crd=%s/status tried=%d accepted=%d rejected=%d known=%d"
                + " disagreements=%d%n",
            kind,
            ofKind.size(),
            o.accepted(),
            ofKind.size() - o.accepted(),
            o.known(),
            o.disagreements().size());
        disagreements.addAll(o.disagreements());
      }
      assertThat(disagreements).as("status disagreements").isEmpty();
    } finally {
      for (JsonNode obj : stored.values()) {
        http.sendAsync(
                http.newHttpRequestBuilder()
                    .uri(collectionUrl(obj) + "/" + obj.path("metadata").path("name").asText())
                    .delete("application/json", "{}")
                    .build(),
                String.class)
            .join();
      }
    }
  }

  static final int STATUS_PER_CRD = 500;
  private static final List<String> EXAMPLES =
      List.of("osversion.yaml", "nodeconfig.yaml", "rubikpolicy.yaml", "nodestate.yaml");

  @Provide
  Arbitrary<List<Mutant>> statuses() {
    List<Arbitrary<List<Mutant>>> perKind = new ArrayList<>();
    for (String example : EXAMPLES) {
      ObjectNode base = (ObjectNode) RealCrds.read(RealCrds.examplesDir().resolve(example));
      CrdSchema schema = CRDS.get(base.path("apiVersion").asText(), base.path("kind").asText());
      perKind.add(
          new SchemaMutants(schema, base, "status").arbitrary().list().ofSize(STATUS_PER_CRD));
    }
    return net.jqwik.api.Combinators.combine(perKind)
        .as(
            lists -> {
              List<Mutant> all = new ArrayList<>();
              lists.forEach(all::addAll);
              return all;
            });
  }

  @Provide
  Arbitrary<List<Mutant>> osVersions() {
    return mutants("osversion.yaml");
  }

  @Provide
  Arbitrary<List<Mutant>> nodeConfigs() {
    return mutants("nodeconfig.yaml");
  }

  @Provide
  Arbitrary<List<Mutant>> rubikPolicies() {
    return mutants("rubikpolicy.yaml");
  }

  @Provide
  Arbitrary<List<Mutant>> nodeStates() {
    return mutants("nodestate.yaml");
  }

  private static Arbitrary<List<Mutant>> mutants(String example) {
    ObjectNode base = (ObjectNode) RealCrds.read(RealCrds.examplesDir().resolve(example));
    CrdSchema schema = CRDS.get(base.path("apiVersion").asText(), base.path("kind").asText());
    return new SchemaMutants(schema, base).arbitrary().list().ofSize(PER_CRD);
  }

  private static void assertAgreement(String kind, List<Mutant> cases) {
    assertThat(cases).hasSize(PER_CRD).allSatisfy(m -> assertThat(m.kind()).isEqualTo(kind));
    Outcome o = compare(cases);
    System.out.printf(
        "differential-admission: crd=%s tried=%d accepted=%d rejected=%d known=%d"
            + " disagreements=%d%n",
        kind,
        cases.size(),
        o.accepted(),
        cases.size() - o.accepted(),
        o.known(),
        o.disagreements().size());
    assertThat(o.disagreements()).as(kind + " disagreements").isEmpty();
  }

  /** How many the real server accepted, and each disagreement described. */
  record Outcome(int accepted, int known, List<String> disagreements) {}

  private static Outcome compare(List<Mutant> cases) {
    HttpClient http = CP.admin().getHttpClient();
    return compare(
        cases, m -> sendDryRun(http, m.object()), m -> AdmissionVerdict.ours(CRDS, m.object()));
  }

  private static Outcome compare(
      List<Mutant> cases,
      Function<Mutant, CompletableFuture<AdmissionVerdict>> realSide,
      Function<Mutant, AdmissionVerdict> ourSide) {
    Semaphore window = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<AdmissionVerdict>> real = new ArrayList<>();
    List<AdmissionVerdict> ours = new ArrayList<>();
    for (Mutant m : cases) {
      window.acquireUninterruptibly();
      real.add(realSide.apply(m).whenComplete((r, e) -> window.release()));
      ours.add(ourSide.apply(m));
    }
    List<String> out = new ArrayList<>();
    int accepted = 0;
    int known = 0;
    for (int i = 0; i < cases.size(); i++) {
      AdmissionVerdict theirs = real.get(i).join();
      AdmissionVerdict mine = ours.get(i);
      if (theirs.accepted()) {
        accepted++;
      }
      Mutant m = cases.get(i);
      if (!mine.sameAs(theirs)
          && KnownDifferences.any(
              CRDS.get(m.object().path("apiVersion").asText(), m.kind()), m.object())) {
        known++;
      } else if (!mine.sameAs(theirs)) {
        out.add(
            cases.get(i)
                + "\n    ours: "
                + mine
                + " "
                + mine.detail()
                + "\n    real: "
                + theirs
                + " "
                + theirs.detail());
      }
    }
    out.forEach(d -> System.out.println("DISAGREEMENT " + d));
    return new Outcome(accepted, known, out);
  }

  private static String collectionUrl(JsonNode obj) {
    CrdSchema schema = CRDS.get(obj.path("apiVersion").asText(), obj.path("kind").asText());
    return CP.url() + "/apis/" + schema.apiVersion() + "/" + schema.plural();
  }

  private static CompletableFuture<AdmissionVerdict> sendStatusDryRun(
      HttpClient http, JsonNode stored, JsonNode mutant) {
    ObjectNode body = stored.deepCopy();
    if (mutant.has("status")) {
      body.set("status", mutant.get("status"));
    } else {
      body.remove("status");
    }
    String url =
        collectionUrl(stored)
            + "/"
            + stored.path("metadata").path("name").asText()
            + "/status?dryRun=All&fieldValidation=Strict";
    HttpRequest req =
        http.newHttpRequestBuilder().uri(url).put("application/json", body.toString()).build();
    return http.sendAsync(req, String.class)
        .thenApply((HttpResponse<String> r) -> AdmissionVerdict.real(r.code(), r.body()));
  }

  private static CompletableFuture<AdmissionVerdict> sendDryRun(HttpClient http, JsonNode obj) {
    String url = collectionUrl(obj) + "?dryRun=All&fieldValidation=Strict";
    HttpRequest req =
        http.newHttpRequestBuilder().uri(url).post("application/json", obj.toString()).build();
    return http.sendAsync(req, String.class)
        .thenApply((HttpResponse<String> r) -> AdmissionVerdict.real(r.code(), r.body()));
  }
}
