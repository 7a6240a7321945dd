package org.openeuler.nestos.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * "Pure core, thin edges" (DESIGN §2) as rules: code in a {@code ..core..} package decides and does no I/O. It
 * imports no Kubernetes client, no java-operator-sdk, no process spawning and no file-system access; it works on
 * the project's own immutable records. Edges (reconcilers, ports, the test API server) live outside {@code core}.
 */
final class PureCoreRules {

  static final String CORE = "org.openeuler.nestos..core..";

  private PureCoreRules() { }

  static final ArchRule NO_KUBERNETES_CLIENT = noClasses().that().resideInAPackage(CORE)
      .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..")
      .because("pure packages decide on the project's records; only edges talk to the API server");

  static final ArchRule NO_OPERATOR_SDK = noClasses().that().resideInAPackage(CORE)
      .should().dependOnClassesThat().resideInAnyPackage("io.javaoperatorsdk..")
      .because("reconcilers are thin edges around pure planners");

  static final ArchRule NO_PROCESSES = noClasses().that().resideInAPackage(CORE)
      .should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
      .orShould().dependOnClassesThat().haveFullyQualifiedName(Runtime.class.getName())
      .because("host commands go through the CommandRunner port");

  static final ArchRule NO_FILE_SYSTEM = noClasses().that().resideInAPackage(CORE)
      .should().dependOnClassesThat().haveFullyQualifiedName(java.nio.file.Files.class.getName())
      .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.FileInputStream.class.getName())
      .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.FileOutputStream.class.getName())
      .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.RandomAccessFile.class.getName())
      .because("host files go through the HostFs port");

  static final ArchRule NO_NETWORK = noClasses().that().resideInAPackage(CORE)
      .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "io.vertx..")
      .because("registries and servers are reached through ports");

  static final java.util.List<ArchRule> ALL = java.util.List.of(NO_KUBERNETES_CLIENT, NO_OPERATOR_SDK, NO_PROCESSES,
      NO_FILE_SYSTEM, NO_NETWORK);
}
