package org.openeuler.nestos.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * "Pure core, thin edges" (docs/design.md §2) as rules: code in a pure package ({@link #PURE})
 * decides and does no I/O. It imports no Kubernetes client, no java-operator-sdk, no process
 * spawning and no file-system access; it works on the project's own immutable records. Edges
 * (reconcilers, ports, the test API server) live outside {@code core}.
 */
final class PureCoreRules {

  /**
   * Pure packages: every {@code ..core..} package, plus the packages that already decide without
   * I/O — the CRD validator and the test API server's store, patch, table, discovery, OpenAPI and
   * policy logic.
   */
  static final String[] PURE = {
    "org.openeuler.nestos..core..",
    "org.openeuler.nestos.api.validation..",
    "org.openeuler.nestos.apiserver.store..",
    "org.openeuler.nestos.apiserver.patch..",
    "org.openeuler.nestos.apiserver.table..",
    "org.openeuler.nestos.apiserver.discovery..",
    "org.openeuler.nestos.apiserver.openapi..",
    "org.openeuler.nestos.apiserver.policy..",
  };

  private PureCoreRules() {}

  static final ArchRule NO_KUBERNETES_CLIENT =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.fabric8.kubernetes.client..")
          .because(
              "pure packages decide on the project's records; only edges talk to the API server");

  static final ArchRule NO_OPERATOR_SDK =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.javaoperatorsdk..")
          .because("reconcilers are thin edges around pure planners");

  static final ArchRule NO_PROCESSES =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName(ProcessBuilder.class.getName())
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName(Runtime.class.getName())
          .because("host commands go through the CommandRunner port");

  static final ArchRule NO_FILE_SYSTEM =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName(java.nio.file.Files.class.getName())
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName(java.io.FileInputStream.class.getName())
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName(java.io.FileOutputStream.class.getName())
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName(java.io.RandomAccessFile.class.getName())
          .because("host files go through the HostFs port");

  static final ArchRule NO_NETWORK =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.net.http..", "io.vertx..")
          .because("registries and servers are reached through ports");

  static final java.util.List<ArchRule> ALL =
      java.util.List.of(
          NO_KUBERNETES_CLIENT, NO_OPERATOR_SDK, NO_PROCESSES, NO_FILE_SYSTEM, NO_NETWORK);
}
