package org.openeuler.nestos.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceRegistryTest {

  private final ResourceRegistry registry = TestCrds.registry();

  @Test
  void findsBuiltinsByPlural() {
    ResourceType pods = registry.find("", "v1", "pods").orElseThrow();
    assertThat(pods.kind()).isEqualTo("Pod");
    assertThat(pods.apiVersion()).isEqualTo("v1");
    assertThat(pods.namespaced()).isTrue();
    assertThat(pods.subresources()).containsExactly("status", "eviction");
    assertThat(pods.hasStatus()).isTrue();
    assertThat(registry.find("apps", "v1", "daemonsets").orElseThrow().shortNames())
        .containsExactly("ds");
    assertThat(registry.find("", "v1", "nodes").orElseThrow().namespaced()).isFalse();
    assertThat(
            registry
                .find("authorization.k8s.io", "v1", "selfsubjectrulesreviews")
                .orElseThrow()
                .verbs())
        .containsExactly("create");
    assertThat(registry.find("", "v1", "nope")).isEmpty();
  }

  @Test
  void resolvesShortNamesSingularsAndKinds() {
    assertThat(registry.resolve("po").orElseThrow().plural()).isEqualTo("pods");
    assertThat(registry.resolve("deploy").orElseThrow().group()).isEqualTo("apps");
    assertThat(registry.resolve("crds").orElseThrow().kind()).isEqualTo("CustomResourceDefinition");
    assertThat(registry.resolve("pdb").orElseThrow().group()).isEqualTo("policy");
    assertThat(registry.resolve("osv").orElseThrow().kind()).isEqualTo("OSVersion");
    assertThat(registry.resolve("OSVersion").orElseThrow().plural()).isEqualTo("osversions");
    assertThat(registry.resolve("events.events.k8s.io").orElseThrow().group())
        .isEqualTo("events.k8s.io");
  }

  @Test
  void findsByKind() {
    assertThat(registry.byKind("apps/v1", "Deployment").orElseThrow().plural())
        .isEqualTo("deployments");
    assertThat(registry.byKind("coordination.k8s.io/v1", "Lease").orElseThrow().namespaced())
        .isTrue();
    assertThat(registry.byKind("nestos.openeuler.org/v1alpha1", "OSVersion")).isPresent();
    assertThat(registry.byKind("v1", "Deployment")).isEmpty();
  }

  @Test
  void registersEveryServedCrdVersionAndRemovesThem() {
    ResourceType osv =
        registry.find("nestos.openeuler.org", "v1alpha1", "osversions").orElseThrow();
    assertThat(osv.namespaced()).isFalse();
    assertThat(osv.hasStatus()).isTrue();
    assertThat(osv.categories()).containsExactly("nestos");
    assertThat(osv.openApiV3Schema().path("properties").has("spec")).isTrue();
    assertThat(osv.printerColumns())
        .extracting(PrinterColumn::name)
        .containsExactly("Target", "Ready", "Reason", "Updated", "Paused", "Age");
    assertThat(registry.versions("nestos.openeuler.org")).containsExactly("v1alpha1");

    registry.removeCrd("osversions.nestos.openeuler.org");
    assertThat(registry.find("nestos.openeuler.org", "v1alpha1", "osversions")).isEmpty();
    assertThat(registry.groups()).doesNotContain("nestos.openeuler.org");
  }

  @Test
  void crdWithoutPrinterColumnsGetsAge() {
    var crd = TestCrds.osVersionCrd().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) crd.path("spec").path("versions").get(0))
        .remove("additionalPrinterColumns");
    ResourceRegistry r = ResourceRegistry.empty();
    r.addCrd(crd);
    assertThat(r.all().get(0).printerColumns())
        .extracting(PrinterColumn::name)
        .containsExactly("Age");
  }

  @Test
  void ordersVersionsByKubePriority() {
    assertThat(
            java.util.stream.Stream.of("v1alpha1", "v1beta1", "foo", "v1", "v2beta1", "v1beta2")
                .sorted(KubeVersions.PREFERRED_FIRST)
                .toList())
        .containsExactly("v1", "v2beta1", "v1beta2", "v1beta1", "v1alpha1", "foo");
  }

  @Test
  void theProjectCrdsRegisterFourClusterScopedKinds() {
    ResourceRegistry r = ResourceRegistry.withBuiltins();
    org.openeuler.nestos.api.ProjectCrds.load().values().forEach(r::addCrd);
    assertThat(r.all())
        .filteredOn(t -> t.group().equals("nestos.openeuler.org"))
        .extracting(ResourceType::kind)
        .containsExactlyInAnyOrder("OSVersion", "NodeConfig", "RubikPolicy", "NodeState");
    assertThat(r.all())
        .filteredOn(t -> t.group().equals("nestos.openeuler.org"))
        .allSatisfy(t -> assertThat(t.namespaced()).isFalse());
  }
}
