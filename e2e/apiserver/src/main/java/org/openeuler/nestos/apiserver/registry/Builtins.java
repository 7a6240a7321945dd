package org.openeuler.nestos.apiserver.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in (non-CRD) resource types the test API server serves, with kube's kinds, verbs and
 * short names.
 */
final class Builtins {

  static final List<String> CRUD =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  static final List<String> CRUD_NO_COLLECTION =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");
  static final List<String> CREATE_ONLY = List.of("create");

  private static final List<PrinterColumn> NAME_AGE = List.of(PrinterColumn.age());

  static final List<PrinterColumn> NODE_COLUMNS =
      List.of(
          PrinterColumn.of("Status", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
          PrinterColumn.of("Roles", "string", ".metadata.labels"),
          PrinterColumn.age(),
          PrinterColumn.of("Version", "string", ".status.nodeInfo.kubeletVersion"),
          PrinterColumn.wide(
              "Internal-IP", "string", ".status.addresses[?(@.type==\"InternalIP\")].address"),
          PrinterColumn.wide("OS-Image", "string", ".status.nodeInfo.osImage"),
          PrinterColumn.wide("Kernel-Version", "string", ".status.nodeInfo.kernelVersion"),
          PrinterColumn.wide(
              "Container-Runtime", "string", ".status.nodeInfo.containerRuntimeVersion"));

  static final List<PrinterColumn> POD_COLUMNS =
      List.of(
          PrinterColumn.of("Ready", "string", ".status.containerStatuses"),
          PrinterColumn.of("Status", "string", ".status.phase"),
          PrinterColumn.of("Restarts", "string", ".status.containerStatuses[*].restartCount"),
          PrinterColumn.age(),
          PrinterColumn.wide("IP", "string", ".status.podIP"),
          PrinterColumn.wide("Node", "string", ".spec.nodeName"));

  private Builtins() {}

  static List<ResourceType> all() {
    List<ResourceType> types = new ArrayList<>();
    // core/v1
    types.add(
        type(
            "",
            "v1",
            "namespaces",
            "Namespace",
            false,
            List.of("ns"),
            List.of(),
            CRUD_NO_COLLECTION,
            List.of("status"),
            NAME_AGE));
    types.add(
        type(
            "",
            "v1",
            "nodes",
            "Node",
            false,
            List.of("no"),
            List.of(),
            CRUD,
            List.of("status"),
            NODE_COLUMNS));
    types.add(
        type(
            "",
            "v1",
            "pods",
            "Pod",
            true,
            List.of("po"),
            List.of("all"),
            CRUD,
            List.of("status", "eviction"),
            POD_COLUMNS));
    types.add(
        type(
            "",
            "v1",
            "events",
            "Event",
            true,
            List.of("ev"),
            List.of(),
            CRUD,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "",
            "v1",
            "configmaps",
            "ConfigMap",
            true,
            List.of("cm"),
            List.of(),
            CRUD,
            List.of(),
            NAME_AGE));
    types.add(
        type("", "v1", "secrets", "Secret", true, List.of(), List.of(), CRUD, List.of(), NAME_AGE));
    types.add(
        type(
            "",
            "v1",
            "serviceaccounts",
            "ServiceAccount",
            true,
            List.of("sa"),
            List.of(),
            CRUD,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "",
            "v1",
            "services",
            "Service",
            true,
            List.of("svc"),
            List.of("all"),
            CRUD_NO_COLLECTION,
            List.of("status"),
            NAME_AGE));
    // apps/v1
    types.add(
        type(
            "apps",
            "v1",
            "daemonsets",
            "DaemonSet",
            true,
            List.of("ds"),
            List.of("all"),
            CRUD,
            List.of("status"),
            NAME_AGE));
    types.add(
        type(
            "apps",
            "v1",
            "deployments",
            "Deployment",
            true,
            List.of("deploy"),
            List.of("all"),
            CRUD,
            List.of("status", "scale"),
            NAME_AGE));
    // others
    types.add(
        type(
            "policy",
            "v1",
            "poddisruptionbudgets",
            "PodDisruptionBudget",
            true,
            List.of("pdb"),
            List.of(),
            CRUD,
            List.of("status"),
            NAME_AGE));
    types.add(
        type(
            "coordination.k8s.io",
            "v1",
            "leases",
            "Lease",
            true,
            List.of(),
            List.of(),
            CRUD,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "events.k8s.io",
            "v1",
            "events",
            "Event",
            true,
            List.of("ev"),
            List.of(),
            CRUD,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "CustomResourceDefinition",
            false,
            List.of("crd", "crds"),
            List.of("api-extensions"),
            CRUD,
            List.of("status"),
            NAME_AGE));
    types.add(
        type(
            "authorization.k8s.io",
            "v1",
            "selfsubjectrulesreviews",
            "SelfSubjectRulesReview",
            false,
            List.of(),
            List.of(),
            CREATE_ONLY,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "authorization.k8s.io",
            "v1",
            "selfsubjectaccessreviews",
            "SelfSubjectAccessReview",
            false,
            List.of(),
            List.of(),
            CREATE_ONLY,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "rbac.authorization.k8s.io",
            "v1",
            "clusterroles",
            "ClusterRole",
            false,
            List.of(),
            List.of(),
            CRUD,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "rbac.authorization.k8s.io",
            "v1",
            "clusterrolebindings",
            "ClusterRoleBinding",
            false,
            List.of(),
            List.of(),
            CRUD,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "rbac.authorization.k8s.io",
            "v1",
            "roles",
            "Role",
            true,
            List.of(),
            List.of(),
            CRUD,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "rbac.authorization.k8s.io",
            "v1",
            "rolebindings",
            "RoleBinding",
            true,
            List.of(),
            List.of(),
            CRUD,
            List.of(),
            NAME_AGE));
    types.add(
        type(
            "admissionregistration.k8s.io",
            "v1",
            "validatingadmissionpolicies",
            "ValidatingAdmissionPolicy",
            false,
            List.of(),
            List.of("api-extensions"),
            CRUD,
            List.of("status"),
            NAME_AGE));
    types.add(
        type(
            "admissionregistration.k8s.io",
            "v1",
            "validatingadmissionpolicybindings",
            "ValidatingAdmissionPolicyBinding",
            false,
            List.of(),
            List.of("api-extensions"),
            CRUD,
            List.of(),
            NAME_AGE));
    return types;
  }

  private static ResourceType type(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      List<String> verbs,
      List<String> subresources,
      List<PrinterColumn> columns) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        kind + "List",
        namespaced,
        shortNames,
        categories,
        verbs,
        subresources,
        columns,
        null,
        null);
  }
}
