package org.openeuler.nestos.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.helm.AccessMatrix.Outcome.ALLOWED;
import static org.openeuler.nestos.helm.AccessMatrix.Outcome.POLICY_DENIED;
import static org.openeuler.nestos.helm.AccessMatrix.Outcome.RBAC_DENIED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.helm.AccessMatrix.Outcome;
import org.openeuler.nestos.helm.AccessMatrix.Subject;

/**
 * The chart's RBAC and ValidatingAdmissionPolicy with real service-account tokens on the real
 * kube-apiserver: the chart installed by helm, Nodes A and B, a daemon Pod on A whose pod-bound
 * token carries A's name, and an allow/deny matrix of real requests (writes as {@code dryRun=All},
 * which runs authorization and admission, the policy included, but stores nothing). The operator's
 * rows are the calls its code makes (docs/install.md) and a set it must not make.
 */
class RbacMatrixKubeIT {

  static final String NS = "nestos-rbac";
  static final String RELEASE = "nestos-rbac";
  static final String RUBIK_NS = "kube-system";
  static final String A = "rbac-node-a";
  static final String B = "rbac-node-b";
  static final String WORKLOAD_NS = "default";
  static final String WORKLOAD = "rbac-workload";
  static final ObjectMapper JSON = Serialization.jsonMapper();
  static final String MERGE = "application/merge-patch+json";
  static final String APPLY = "application/apply-patch+yaml";
  static final String NESTOS = "/apis/nestos.openeuler.org/v1alpha1";
  static final String DRY = "?dryRun=All";

  static RealControlPlane cp;
  static KubernetesClient admin;
  static Path helmHome;
  static final List<HasMetadata> created = new ArrayList<>();
  static Pod daemonPod;

  /** The {@code --set} values of the installed release. */
  static List<String> values = List.of();

  @BeforeAll
  static void installChartAndObjects() throws Exception {
    cp = RealControlPlane.shared();
    admin = cp.admin();
    helmHome = Files.createTempDirectory("rbac-helm");
    helm("install", RELEASE, ChartTools.chart().toString(), "--create-namespace").ok();

    for (String node : List.of(A, B)) {
      add(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build());
      GenericKubernetesResource state = example("nodestate.yaml", node);
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) state.getAdditionalProperties().get("spec");
      spec.put("nodeName", node);
      spec.put("nodeUID", admin.nodes().withName(node).get().getMetadata().getUid());
      // only the operator may write a grant (the chart's grant policy): the admin's copy has none
      spec.remove("disruption");
      add(state);
    }
    daemonPod = add(pod(NS, "rbac-daemon-a", "nestos-node-daemon"));
    add(pod(WORKLOAD_NS, WORKLOAD, "default"));
    add(example("osversion.yaml", "rbac-osv"));
    add(example("nodeconfig.yaml", "rbac-nc"));
    add(example("rubikpolicy.yaml", "rbac-rp"));
    add(
        new LeaseBuilder()
            .withNewMetadata()
            .withName("nestos-operator")
            .withNamespace(NS)
            .endMetadata()
            .build());
    for (String ns : List.of(NS, RUBIK_NS)) {
      add(
          new SecretBuilder()
              .withNewMetadata()
              .withName("rbac-pull-secret")
              .withNamespace(ns)
              .endMetadata()
              .addToStringData("token", "not-a-real-one")
              .build());
    }
    for (String name : List.of("rubik-config", "rbac-other")) {
      add(
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(RUBIK_NS)
              .endMetadata()
              .addToData("config.json", "{}")
              .build());
      add(daemonSet(name.equals("rubik-config") ? "rubik-agent" : "rbac-other"));
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (int i = created.size() - 1; i >= 0; i--) {
      admin.resource(created.get(i)).withGracePeriod(0).delete();
    }
    if (helmHome != null) {
      helm("uninstall", RELEASE, "--ignore-not-found");
      admin.namespaces().withName(NS).delete();
    }
  }

  @Test
  void daemonTokensReadTheirNodeAndWriteOnlyTheirNodeStateStatus() throws Exception {
    useValues(DEFAULTS.values());
    Subject bound =
        new Subject("daemon@A", cp.clientWithToken(cp.podBoundToken(daemonPod), "rbac-daemon"));
    Subject unbound =
        new Subject(
            "daemon-unbound",
            cp.clientWithToken(cp.unboundToken(NS, "nestos-node-daemon"), "rbac-daemon-unbound"));
    JsonNode who = whoAmI(bound);
    System.out.println("daemon@A is " + who);
    assertThat(who.path("username").asText())
        .isEqualTo("system:serviceaccount:" + NS + ":nestos-node-daemon");
    assertThat(who.path("extra").path("authentication.kubernetes.io/node-name").toString())
        .isEqualTo("[\"" + A + "\"]");
    assertThat(whoAmI(unbound).path("extra").has("authentication.kubernetes.io/node-name"))
        .isFalse();

    AccessMatrix m = new AccessMatrix(cp.url());
    // what the daemon does (node-daemon: NodeWatches, StatusWriter, OsUpdateLoop)
    m.get(bound, "get", "nodestates/" + A, NESTOS + "/nodestates/" + A, ALLOWED);
    m.get(
        bound,
        "list",
        "nodestates name=A",
        NESTOS + "/nodestates?" + field("metadata.name", A),
        ALLOWED);
    m.get(
        bound,
        "watch",
        "nodestates name=A",
        NESTOS + "/nodestates?" + watch("metadata.name", A),
        ALLOWED);
    statusWrites(m, bound, A, ALLOWED);
    m.get(
        bound,
        "list",
        "pods spec.nodeName=A",
        "/api/v1/pods?" + field("spec.nodeName", A),
        ALLOWED);
    m.get(
        bound,
        "watch",
        "pods spec.nodeName=A",
        "/api/v1/pods?" + watch("spec.nodeName", A),
        ALLOWED);
    m.get(bound, "get", "nodes/" + A, "/api/v1/nodes/" + A, ALLOWED);
    m.send(
        bound,
        "create",
        "events (default)",
        "POST",
        "/api/v1/namespaces/default/events" + DRY,
        null,
        event(A),
        ALLOWED);
    // reads RBAC cannot scope to a node (documented in docs/install.md)
    m.get(bound, "get", "nodestates/" + B + " (read)", NESTOS + "/nodestates/" + B, ALLOWED);
    // the policy: status of another node's NodeState
    statusWrites(m, bound, B, POLICY_DENIED);
    // RBAC: specs, Nodes, Secrets, evictions, ConfigMaps, ...
    specWrites(m, bound, RBAC_DENIED, RBAC_DENIED);
    m.send(
        bound,
        "patch",
        "nodestates/" + B + " (spec)",
        "PATCH",
        NESTOS + "/nodestates/" + B + DRY,
        MERGE,
        labelPatch(),
        RBAC_DENIED);
    m.get(bound, "list", "nodes", "/api/v1/nodes", RBAC_DENIED);
    m.send(
        bound,
        "patch",
        "nodes/" + A + " (cordon)",
        "PATCH",
        "/api/v1/nodes/" + A + DRY,
        MERGE,
        cordon(),
        RBAC_DENIED);
    m.send(
        bound,
        "patch",
        "nodes/" + A + "/status",
        "PATCH",
        "/api/v1/nodes/" + A + "/status" + DRY,
        MERGE,
        labelPatch(),
        RBAC_DENIED);
    m.send(
        bound,
        "delete",
        "nodes/" + B,
        "DELETE",
        "/api/v1/nodes/" + B + DRY,
        null,
        null,
        RBAC_DENIED);
    m.get(
        bound,
        "get",
        "secrets (" + NS + ")",
        "/api/v1/namespaces/" + NS + "/secrets/rbac-pull-secret",
        RBAC_DENIED);
    m.get(bound, "list", "secrets (all)", "/api/v1/secrets", RBAC_DENIED);
    m.send(bound, "create", "pods/eviction", "POST", eviction(), null, evictionBody(), RBAC_DENIED);
    m.send(
        bound,
        "delete",
        "pods",
        "DELETE",
        "/api/v1/namespaces/" + WORKLOAD_NS + "/pods/" + WORKLOAD + DRY,
        null,
        null,
        RBAC_DENIED);
    m.get(
        bound,
        "get",
        "configmaps (" + RUBIK_NS + ")",
        "/api/v1/namespaces/" + RUBIK_NS + "/configmaps/rubik-config",
        RBAC_DENIED);
    m.get(bound, "list", "configmaps (all)", "/api/v1/configmaps", RBAC_DENIED);
    m.get(bound, "list", "namespaces", "/api/v1/namespaces", RBAC_DENIED);
    m.send(
        bound,
        "create",
        "serviceaccounts/token",
        "POST",
        "/api/v1/namespaces/" + NS + "/serviceaccounts/nestos-operator/token",
        null,
        tokenRequest(),
        RBAC_DENIED);
    m.send(
        bound,
        "create",
        "leases (" + NS + ")",
        "POST",
        "/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases" + DRY,
        null,
        lease("rbac-probe"),
        RBAC_DENIED);
    // a daemon token not bound to a pod: reads as before, every NodeState status write refused
    m.get(unbound, "get", "nodestates/" + A, NESTOS + "/nodestates/" + A, ALLOWED);
    statusWrites(m, unbound, A, POLICY_DENIED);

    report(m, "RBAC and admission policy matrix: node daemon (" + NS + ":nestos-node-daemon)");
  }

  /**
   * A set of chart values and what it grants the operator beyond the always-granted calls: rubik's
   * ConfigMap and DaemonSet by name, the listed pull Secret by name, {@code pods delete}.
   */
  record Variant(String name, List<String> values, boolean rubik, boolean secret, boolean delete) {
    @Override
    public String toString() {
      return name;
    }

    Outcome rubikRows() {
      return rubik ? ALLOWED : RBAC_DENIED;
    }

    Outcome secretRows() {
      return secret ? ALLOWED : RBAC_DENIED;
    }

    Outcome deleteRows() {
      return delete ? ALLOWED : RBAC_DENIED;
    }
  }

  static final Variant DEFAULTS = new Variant("defaults", List.of(), false, false, false);

  static Stream<Variant> variants() {
    return Stream.of(
        DEFAULTS,
        new Variant("rubik interop", List.of("rubik.interop.enabled=true"), true, false, false),
        new Variant(
            "pull secrets",
            List.of("registry.pullSecrets={rbac-pull-secret,rbac-second-secret}"),
            false,
            true,
            false),
        new Variant(
            "drain pod deletion",
            List.of("operator.drain.allowPodDeletion=true"),
            false,
            false,
            true),
        new Variant(
            "every opt-in",
            List.of(
                "rubik.interop.enabled=true",
                "registry.pullSecrets={rbac-pull-secret}",
                "operator.drain.allowPodDeletion=true"),
            true,
            true,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void operatorTokenCanMakeExactlyTheCallsOfItsReconcilers(Variant v) throws Exception {
    Subject op =
        new Subject(
            "operator",
            cp.clientWithToken(cp.unboundToken(NS, "nestos-operator"), "rbac-operator"));
    useValues(v.values());
    String ks = "/api/v1/namespaces/" + RUBIK_NS;
    String apps = "/apis/apps/v1/namespaces/" + RUBIK_NS + "/daemonsets/";
    // RBAC takes effect when the apiserver's informers see the upgraded Roles: wait for the
    // rows that tell the variants apart, then check them all
    awaitOutcome(op, "GET", ks + "/configmaps/rubik-config", null, null, v.rubikRows());
    awaitOutcome(
        op,
        "GET",
        "/api/v1/namespaces/" + NS + "/secrets/rbac-pull-secret",
        null,
        null,
        v.secretRows());
    awaitOutcome(
        op,
        "DELETE",
        "/api/v1/namespaces/" + WORKLOAD_NS + "/pods/" + WORKLOAD + DRY,
        null,
        null,
        v.deleteRows());
    AccessMatrix m = new AccessMatrix(cp.url());
    String leases = "/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases";
    String rbac = "/apis/rbac.authorization.k8s.io/v1";
    // -- what the reconcilers do
    m.get(op, "list", "nodes", "/api/v1/nodes", ALLOWED);
    m.get(op, "watch", "nodes", "/api/v1/nodes?watch=true&timeoutSeconds=1", ALLOWED);
    m.get(op, "get", "nodes/" + A, "/api/v1/nodes/" + A, ALLOWED);
    m.send(
        op,
        "patch",
        "nodes/" + A + " (cordon)",
        "PATCH",
        "/api/v1/nodes/" + A + DRY,
        MERGE,
        cordon(),
        ALLOWED);
    m.get(op, "list", "pods spec.nodeName=A", "/api/v1/pods?" + field("spec.nodeName", A), ALLOWED);
    m.send(op, "create", "pods/eviction", "POST", eviction(), null, evictionBody(), ALLOWED);
    m.send(
        op,
        "delete",
        "pods (drain timeout)",
        "DELETE",
        "/api/v1/namespaces/" + WORKLOAD_NS + "/pods/" + WORKLOAD + DRY,
        null,
        null,
        v.deleteRows());
    m.get(op, "get", "nodestates/" + A, NESTOS + "/nodestates/" + A, ALLOWED);
    m.get(op, "list", "nodestates", NESTOS + "/nodestates", ALLOWED);
    m.get(op, "watch", "nodestates", NESTOS + "/nodestates?watch=true&timeoutSeconds=1", ALLOWED);
    m.send(
        op,
        "create",
        "nodestates",
        "POST",
        NESTOS + "/nodestates" + DRY,
        null,
        newNodeState("rbac-node-c"),
        ALLOWED);
    specWrites(m, op, ALLOWED, RBAC_DENIED);
    m.send(
        op,
        "delete",
        "nodestates/" + B,
        "DELETE",
        NESTOS + "/nodestates/" + B + DRY,
        null,
        null,
        ALLOWED);
    for (String plural : List.of("osversions", "nodeconfigs", "rubikpolicies")) {
      m.get(op, "list", plural, NESTOS + "/" + plural, ALLOWED);
      m.get(op, "watch", plural, NESTOS + "/" + plural + "?watch=true&timeoutSeconds=1", ALLOWED);
    }
    m.get(op, "get", "osversions/rbac-osv", NESTOS + "/osversions/rbac-osv", ALLOWED);
    m.send(
        op,
        "patch",
        "osversions/rbac-osv (finalizer)",
        "PATCH",
        NESTOS + "/osversions/rbac-osv" + DRY,
        MERGE,
        "{\"metadata\":{\"finalizers\":[\"nestos.openeuler.org/rbac-probe\"]}}",
        ALLOWED);
    m.send(
        op,
        "patch",
        "osversions/rbac-osv/status",
        "PATCH",
        NESTOS + "/osversions/rbac-osv/status" + DRY,
        MERGE,
        observed(),
        ALLOWED);
    m.send(
        op,
        "patch",
        "nodeconfigs/rbac-nc/status (apply)",
        "PATCH",
        NESTOS + "/nodeconfigs/rbac-nc/status" + DRY + "&fieldManager=nestos-operator&force=true",
        APPLY,
        applyStatus("NodeConfig", "rbac-nc"),
        ALLOWED);
    m.send(
        op,
        "patch",
        "rubikpolicies/rbac-rp/status (apply)",
        "PATCH",
        NESTOS + "/rubikpolicies/rbac-rp/status" + DRY + "&fieldManager=nestos-operator&force=true",
        APPLY,
        applyStatus("RubikPolicy", "rbac-rp"),
        ALLOWED);
    m.get(op, "list", "namespaces", "/api/v1/namespaces", ALLOWED);
    m.get(op, "watch", "namespaces", "/api/v1/namespaces?watch=true&timeoutSeconds=1", ALLOWED);
    m.send(
        op,
        "create",
        "events (default)",
        "POST",
        "/api/v1/namespaces/default/events" + DRY,
        null,
        event(A),
        ALLOWED);
    m.send(
        op,
        "create",
        "selfsubjectrulesreviews",
        "POST",
        "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
        null,
        "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\",\"spec\":{\"namespace\":\""
            + NS
            + "\"}}",
        ALLOWED);
    m.get(op, "get", "leases (" + NS + ")", leases + "/nestos-operator", ALLOWED);
    m.send(
        op,
        "create",
        "leases (" + NS + ")",
        "POST",
        leases + DRY,
        null,
        lease("rbac-probe"),
        ALLOWED);
    m.send(
        op,
        "update",
        "leases (" + NS + ")",
        "PUT",
        leases + "/nestos-operator" + DRY,
        null,
        current(leases + "/nestos-operator"),
        ALLOWED);
    m.send(
        op,
        "patch",
        "leases (" + NS + ", renew)",
        "PATCH",
        leases + "/nestos-operator" + DRY,
        MERGE,
        "{\"spec\":{\"holderIdentity\":\"rbac-matrix\"}}",
        ALLOWED);
    m.get(
        op,
        "get",
        "secrets (" + NS + ", pull secret)",
        "/api/v1/namespaces/" + NS + "/secrets/rbac-pull-secret",
        v.secretRows());
    m.get(
        op,
        "get",
        "secrets (" + NS + ", not listed)",
        "/api/v1/namespaces/" + NS + "/secrets/rbac-not-listed",
        RBAC_DENIED);
    m.get(op, "get", "configmaps/rubik-config", ks + "/configmaps/rubik-config", v.rubikRows());
    m.send(
        op,
        "update",
        "configmaps/rubik-config",
        "PUT",
        ks + "/configmaps/rubik-config" + DRY,
        null,
        current(ks + "/configmaps/rubik-config"),
        v.rubikRows());
    // rubik's install creates its ConfigMap: create cannot be limited by name, so it is not granted
    m.send(
        op,
        "create",
        "configmaps (" + RUBIK_NS + ")",
        "POST",
        ks + "/configmaps" + DRY,
        null,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"rbac-probe\"}}",
        RBAC_DENIED);
    m.get(op, "get", "daemonsets/rubik-agent", apps + "rubik-agent", v.rubikRows());
    m.send(
        op,
        "patch",
        "daemonsets/rubik-agent",
        "PATCH",
        apps + "rubik-agent" + DRY,
        MERGE,
        "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"nestos.openeuler.org/rubik-config-checksum\":\"x\"}}}}}",
        v.rubikRows());
    // -- and nothing more
    m.send(
        op,
        "update",
        "nodes/" + A,
        "PUT",
        "/api/v1/nodes/" + A + DRY,
        null,
        current("/api/v1/nodes/" + A),
        RBAC_DENIED);
    m.send(
        op,
        "create",
        "nodes",
        "POST",
        "/api/v1/nodes" + DRY,
        null,
        "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"rbac-probe\"}}",
        RBAC_DENIED);
    m.send(
        op, "delete", "nodes/" + B, "DELETE", "/api/v1/nodes/" + B + DRY, null, null, RBAC_DENIED);
    m.send(
        op,
        "patch",
        "nodes/" + A + "/status",
        "PATCH",
        "/api/v1/nodes/" + A + "/status" + DRY,
        MERGE,
        labelPatch(),
        RBAC_DENIED);
    m.get(
        op, "get", "pods", "/api/v1/namespaces/" + WORKLOAD_NS + "/pods/" + WORKLOAD, RBAC_DENIED);
    m.get(op, "watch", "pods", "/api/v1/pods?watch=true&timeoutSeconds=1", RBAC_DENIED);
    m.send(
        op,
        "create",
        "pods",
        "POST",
        "/api/v1/namespaces/" + WORKLOAD_NS + "/pods" + DRY,
        null,
        Serialization.asJson(pod(WORKLOAD_NS, "rbac-probe", "default")),
        RBAC_DENIED);
    statusWrites(m, op, A, RBAC_DENIED);
    m.send(
        op,
        "create",
        "osversions",
        "POST",
        NESTOS + "/osversions" + DRY,
        null,
        Serialization.asJson(example("osversion.yaml", "rbac-probe")),
        RBAC_DENIED);
    m.send(
        op,
        "update",
        "osversions/rbac-osv",
        "PUT",
        NESTOS + "/osversions/rbac-osv" + DRY,
        null,
        current(NESTOS + "/osversions/rbac-osv"),
        RBAC_DENIED);
    m.send(
        op,
        "delete",
        "osversions/rbac-osv",
        "DELETE",
        NESTOS + "/osversions/rbac-osv" + DRY,
        null,
        null,
        RBAC_DENIED);
    m.send(
        op,
        "update",
        "osversions/rbac-osv/status",
        "PUT",
        NESTOS + "/osversions/rbac-osv/status" + DRY,
        null,
        current(NESTOS + "/osversions/rbac-osv"),
        RBAC_DENIED);
    m.send(
        op,
        "create",
        "nodeconfigs",
        "POST",
        NESTOS + "/nodeconfigs" + DRY,
        null,
        Serialization.asJson(example("nodeconfig.yaml", "rbac-probe")),
        RBAC_DENIED);
    m.send(
        op,
        "delete",
        "rubikpolicies/rbac-rp",
        "DELETE",
        NESTOS + "/rubikpolicies/rbac-rp" + DRY,
        null,
        null,
        RBAC_DENIED);
    m.get(op, "get", "secrets (" + RUBIK_NS + ")", ks + "/secrets/rbac-pull-secret", RBAC_DENIED);
    m.get(op, "list", "secrets (" + NS + ")", "/api/v1/namespaces/" + NS + "/secrets", RBAC_DENIED);
    m.get(op, "list", "secrets (all)", "/api/v1/secrets", RBAC_DENIED);
    m.send(
        op,
        "create",
        "secrets (" + NS + ")",
        "POST",
        "/api/v1/namespaces/" + NS + "/secrets" + DRY,
        null,
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"rbac-probe\"}}",
        RBAC_DENIED);
    m.get(op, "get", "configmaps/rbac-other", ks + "/configmaps/rbac-other", RBAC_DENIED);
    m.get(op, "list", "configmaps (" + RUBIK_NS + ")", ks + "/configmaps", RBAC_DENIED);
    m.send(
        op,
        "patch",
        "configmaps/rubik-config",
        "PATCH",
        ks + "/configmaps/rubik-config" + DRY,
        MERGE,
        labelPatch(),
        RBAC_DENIED);
    m.send(
        op,
        "delete",
        "configmaps/rubik-config",
        "DELETE",
        ks + "/configmaps/rubik-config" + DRY,
        null,
        null,
        RBAC_DENIED);
    m.get(op, "get", "daemonsets/rbac-other", apps + "rbac-other", RBAC_DENIED);
    m.send(
        op,
        "delete",
        "daemonsets/rubik-agent",
        "DELETE",
        apps + "rubik-agent" + DRY,
        null,
        null,
        RBAC_DENIED);
    m.send(
        op,
        "patch",
        "deployments/nestos-operator",
        "PATCH",
        "/apis/apps/v1/namespaces/" + NS + "/deployments/nestos-operator" + DRY,
        MERGE,
        labelPatch(),
        RBAC_DENIED);
    m.get(op, "list", "leases (" + NS + ")", leases, RBAC_DENIED);
    m.get(
        op,
        "list",
        "leases (" + RUBIK_NS + ")",
        "/apis/coordination.k8s.io/v1/namespaces/" + RUBIK_NS + "/leases",
        RBAC_DENIED);
    m.send(
        op,
        "delete",
        "leases (" + NS + ")",
        "DELETE",
        leases + "/nestos-operator" + DRY,
        null,
        null,
        RBAC_DENIED);
    m.get(op, "list", "poddisruptionbudgets", "/apis/policy/v1/poddisruptionbudgets", RBAC_DENIED);
    m.send(
        op,
        "create",
        "clusterroles",
        "POST",
        rbac + "/clusterroles" + DRY,
        null,
        "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"rbac-probe\"}}",
        RBAC_DENIED);
    m.send(
        op,
        "patch",
        "clusterroles/nestos-operator",
        "PATCH",
        rbac + "/clusterroles/nestos-operator" + DRY,
        MERGE,
        labelPatch(),
        RBAC_DENIED);
    m.send(
        op,
        "create",
        "rolebindings (" + NS + ")",
        "POST",
        rbac + "/namespaces/" + NS + "/rolebindings" + DRY,
        null,
        "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"rbac-probe\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"cluster-admin\"},\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"nestos-operator\",\"namespace\":\""
            + NS
            + "\"}]}",
        RBAC_DENIED);
    m.send(
        op,
        "delete",
        "validatingadmissionpolicies",
        "DELETE",
        "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/nestos-node-daemon-own-nodestate"
            + DRY,
        null,
        null,
        RBAC_DENIED);
    m.send(
        op,
        "patch",
        "customresourcedefinitions",
        "PATCH",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nodestates.nestos.openeuler.org"
            + DRY,
        MERGE,
        labelPatch(),
        RBAC_DENIED);
    m.send(
        op,
        "create",
        "serviceaccounts/token (daemon)",
        "POST",
        "/api/v1/namespaces/" + NS + "/serviceaccounts/nestos-node-daemon/token",
        null,
        tokenRequest(),
        RBAC_DENIED);
    m.send(
        op,
        "delete",
        "namespaces/" + NS,
        "DELETE",
        "/api/v1/namespaces/" + NS + DRY,
        null,
        null,
        RBAC_DENIED);
    m.send(
        op,
        "delete",
        "events (collection)",
        "DELETE",
        "/api/v1/namespaces/default/events" + DRY,
        null,
        null,
        RBAC_DENIED);

    report(
        m, "RBAC matrix: operator (" + NS + ":nestos-operator), values: " + v + " " + v.values());
  }

  /**
   * The chart's grant policy: only the operator's ServiceAccount creates or changes a NodeState's
   * {@code spec.disruption} — a cluster admin's hand-written grant is refused (issue 11 item 4),
   * while the admin's other spec and metadata edits and the operator's grants pass.
   */
  @Test
  void onlyTheOperatorGrantsDisruptions() throws Exception {
    useValues(DEFAULTS.values());
    Subject clusterAdmin = new Subject("cluster-admin", admin);
    Subject op =
        new Subject(
            "operator",
            cp.clientWithToken(cp.unboundToken(NS, "nestos-operator"), "rbac-operator"));
    AccessMatrix m = new AccessMatrix(cp.url());
    String path = NESTOS + "/nodestates/" + A + DRY;
    String grant =
        "{\"spec\":{\"disruption\":{\"allowed\":\"Reboot\",\"ticket\":\"made-up\","
            + "\"bootID\":\"b\",\"revision\":\"r\"}}}";
    // a new policy takes effect a moment after its binding is created: wait until it refuses
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                new AccessMatrix(cp.url())
                        .send(
                            clusterAdmin,
                            "patch",
                            "probe",
                            "PATCH",
                            path,
                            MERGE,
                            grant,
                            POLICY_DENIED)
                        .actual()
                    == POLICY_DENIED);
    m.send(
        clusterAdmin,
        "patch",
        "nodestates (spec.disruption)",
        "PATCH",
        path,
        MERGE,
        grant,
        POLICY_DENIED);
    m.send(
        clusterAdmin, "patch", "nodestates (labels)", "PATCH", path, MERGE, labelPatch(), ALLOWED);
    m.send(
        clusterAdmin,
        "patch",
        "nodestates (spec.osImage)",
        "PATCH",
        path,
        MERGE,
        "{\"spec\":{\"osImage\":\"registry.example/nestos@sha256:" + "c".repeat(64) + "\"}}",
        ALLOWED);
    GenericKubernetesResource granted = example("nodestate.yaml", "rbac-node-c");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) granted.getAdditionalProperties().get("spec");
    spec.put("nodeName", "rbac-node-c");
    spec.put(
        "disruption", Map.of("allowed", "Reboot", "ticket", "t", "bootID", "b", "revision", "r"));
    m.send(
        clusterAdmin,
        "create",
        "nodestates (with a grant)",
        "POST",
        NESTOS + "/nodestates" + DRY,
        null,
        JSON.writeValueAsString(granted),
        POLICY_DENIED);
    spec.remove("disruption");
    m.send(
        clusterAdmin,
        "create",
        "nodestates (no grant)",
        "POST",
        NESTOS + "/nodestates" + DRY,
        null,
        JSON.writeValueAsString(granted),
        ALLOWED);
    // the renderer writes NodeState spec with update (RBAC grants the operator update, not patch)
    ObjectNode withGrant = (ObjectNode) JSON.readTree(current(NESTOS + "/nodestates/" + A));
    ((ObjectNode) withGrant.path("spec"))
        .putObject("disruption")
        .put("allowed", "Reboot")
        .put("ticket", "t")
        .put("bootID", "b")
        .put("revision", "r");
    m.send(
        op,
        "update",
        "nodestates (spec.disruption)",
        "PUT",
        path,
        null,
        withGrant.toString(),
        ALLOWED);
    report(m, "Grant policy: who may write NodeState spec.disruption");
  }

  /**
   * With both admission policies turned off (the chart's opt-out for clusters before 1.30), RBAC
   * alone scopes the writes: a daemon token may then write another node's NodeState status, and a
   * cluster admin may hand-write a grant. The rows that show what the policies add.
   */
  @Test
  void withThePoliciesOffOnlyRbacScopesTheNodeStateWrites() throws Exception {
    Subject bound =
        new Subject("daemon@A", cp.clientWithToken(cp.podBoundToken(daemonPod), "rbac-daemon"));
    Subject clusterAdmin = new Subject("cluster-admin", admin);
    String grant =
        "{\"spec\":{\"disruption\":{\"allowed\":\"Reboot\",\"ticket\":\"made-up\","
            + "\"bootID\":\"b\",\"revision\":\"r\"}}}";
    String statusB = NESTOS + "/nodestates/" + B + "/status" + DRY;
    String status = "{\"status\":{\"agentVersion\":\"rbac-matrix\"}}";
    try {
      String notes =
          useValues(
              List.of(
                  "daemon.nodeScopedAdmissionPolicy=false", "operator.grantAdmissionPolicy=false"));
      assertThat(notes)
          .as("the release notes warn about each policy turned off")
          .contains("WARNING: daemon.nodeScopedAdmissionPolicy=false")
          .contains("WARNING: operator.grantAdmissionPolicy=false");
      assertThat(admin.admissionRegistration().v1().validatingAdmissionPolicies().list().getItems())
          .noneMatch(p -> p.getMetadata().getName().startsWith("nestos-"));
      awaitOutcome(bound, "PATCH", statusB, MERGE, status, ALLOWED);
      awaitOutcome(clusterAdmin, "PATCH", NESTOS + "/nodestates/" + A + DRY, MERGE, grant, ALLOWED);
      AccessMatrix m = new AccessMatrix(cp.url());
      statusWrites(m, bound, A, ALLOWED);
      statusWrites(m, bound, B, ALLOWED);
      specWrites(m, bound, RBAC_DENIED, RBAC_DENIED);
      m.send(
          clusterAdmin,
          "patch",
          "nodestates (spec.disruption)",
          "PATCH",
          NESTOS + "/nodestates/" + A + DRY,
          MERGE,
          grant,
          ALLOWED);
      report(m, "Without the admission policies (values: " + values + ")");
    } finally {
      useValues(DEFAULTS.values());
      awaitOutcome(bound, "PATCH", statusB, MERGE, status, POLICY_DENIED);
    }
  }

  // ---- the release's values

  /** {@code helm upgrade --reset-values} to {@code set} unless the release has those values. */
  private static String useValues(List<String> set) throws Exception {
    if (set.equals(values)) {
      return "";
    }
    List<String> args =
        new ArrayList<>(
            List.of("upgrade", RELEASE, ChartTools.chart().toString(), "--reset-values"));
    for (String v : set) {
      args.add("--set");
      args.add(v);
    }
    String out = helm(args.toArray(String[]::new)).ok().out();
    values = List.copyOf(set);
    return out;
  }

  /**
   * Sends the request until its outcome is {@code expected}: an upgraded Role or policy takes
   * effect when the apiserver's informers and the policy plugin have seen it.
   */
  private static void awaitOutcome(
      Subject s, String method, String path, String contentType, String body, Outcome expected) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(
            () ->
                new AccessMatrix(cp.url())
                        .send(s, "probe", "probe", method, path, contentType, body, expected)
                        .actual()
                    == expected);
  }

  // ---- rows used by both subjects

  private static void statusWrites(AccessMatrix m, Subject s, String node, Outcome expected)
      throws Exception {
    String path = NESTOS + "/nodestates/" + node + "/status";
    ObjectNode body = (ObjectNode) JSON.readTree(current(NESTOS + "/nodestates/" + node));
    body.putObject("status").put("agentVersion", "rbac-matrix");
    m.send(
        s,
        "update",
        "nodestates/" + node + "/status",
        "PUT",
        path + DRY,
        null,
        body.toString(),
        expected);
    m.send(
        s,
        "patch",
        "nodestates/" + node + "/status",
        "PATCH",
        path + DRY,
        MERGE,
        "{\"status\":{\"agentVersion\":\"rbac-matrix\"}}",
        expected);
  }

  /** Update and patch of NodeState A's spec, and a delete. */
  private static void specWrites(AccessMatrix m, Subject s, Outcome update, Outcome patch)
      throws Exception {
    String path = NESTOS + "/nodestates/" + A;
    ObjectNode body = (ObjectNode) JSON.readTree(current(path));
    ((ObjectNode) body.path("metadata")).putObject("labels").put("rbac-matrix", "x");
    m.send(
        s,
        "update",
        "nodestates/" + A + " (spec)",
        "PUT",
        path + DRY,
        null,
        body.toString(),
        update);
    m.send(
        s, "patch", "nodestates/" + A + " (spec)", "PATCH", path + DRY, MERGE, labelPatch(), patch);
  }

  private static void report(AccessMatrix m, String title) {
    System.out.println(m.table(title));
    assertThat(m.rows()).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
  }

  // ---- request bodies

  private static String field(String name, String value) {
    return "fieldSelector=" + name + "%3D" + value;
  }

  private static String watch(String name, String value) {
    return field(name, value) + "&watch=true&timeoutSeconds=1";
  }

  private static String labelPatch() {
    return "{\"metadata\":{\"labels\":{\"rbac-matrix\":\"x\"}}}";
  }

  private static String cordon() {
    return "{\"spec\":{\"unschedulable\":true}}";
  }

  private static String observed() {
    return "{\"status\":{\"observedGeneration\":1}}";
  }

  private static String applyStatus(String kind, String name) {
    return "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\""
        + kind
        + "\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"status\":{\"observedGeneration\":1}}";
  }

  private static String event(String node) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"generateName\":\"rbac-\","
        + "\"namespace\":\"default\"},\"involvedObject\":{\"apiVersion\":\"v1\",\"kind\":\"Node\","
        + "\"name\":\""
        + node
        + "\"},\"reason\":\"RbacMatrix\",\"message\":\"probe\",\"type\":\"Normal\"}";
  }

  private static String eviction() {
    return "/api/v1/namespaces/" + WORKLOAD_NS + "/pods/" + WORKLOAD + "/eviction" + DRY;
  }

  private static String evictionBody() {
    return "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\""
        + WORKLOAD
        + "\",\"namespace\":\""
        + WORKLOAD_NS
        + "\"},\"deleteOptions\":{\"dryRun\":[\"All\"]}}";
  }

  private static String tokenRequest() {
    return "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}";
  }

  private static String lease(String name) {
    return "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\""
        + name
        + "\"}}";
  }

  private static String newNodeState(String name) throws Exception {
    GenericKubernetesResource state = example("nodestate.yaml", name);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) state.getAdditionalProperties().get("spec");
    spec.put("nodeName", name);
    return Serialization.asJson(state);
  }

  /** The object at {@code path} as the admin reads it (a PUT body with its resourceVersion). */
  private static String current(String path) {
    return admin.raw(cp.url() + path);
  }

  private static JsonNode whoAmI(Subject s) throws Exception {
    String body =
        s.client()
            .getHttpClient()
            .sendAsync(
                s.client()
                    .getHttpClient()
                    .newHttpRequestBuilder()
                    .uri(cp.url() + "/apis/authentication.k8s.io/v1/selfsubjectreviews")
                    .post(
                        "application/json",
                        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}")
                    .build(),
                String.class)
            .get()
            .body();
    return JSON.readTree(body).path("status").path("userInfo");
  }

  // ---- fixtures

  private static GenericKubernetesResource example(String file, String name) throws Exception {
    GenericKubernetesResource r =
        Serialization.unmarshal(
            Files.readString(ChartTools.root().resolve("examples").resolve(file)),
            GenericKubernetesResource.class);
    r.getMetadata().setName(name);
    return r;
  }

  private static Pod pod(String ns, String name, String serviceAccount) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .withNodeName(A)
        .withServiceAccountName(serviceAccount)
        .withAutomountServiceAccountToken(false)
        .addNewContainer()
        .withName("main")
        .withImage("registry.invalid/pause:1")
        .endContainer()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.apps.DaemonSet daemonSet(String name) {
    Map<String, String> labels = Map.of("app", name);
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(RUBIK_NS)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("registry.invalid/rubik:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static <T extends HasMetadata> T add(T object) {
    T stored = admin.resource(object).create();
    created.add(stored);
    return stored;
  }

  private static ChartTools.Run helm(String... args) throws Exception {
    return ChartTools.helm3(helmHome, cp.adminKubeconfig(), NS, args);
  }
}
