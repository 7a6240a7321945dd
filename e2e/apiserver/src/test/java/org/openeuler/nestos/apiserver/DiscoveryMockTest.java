package org.openeuler.nestos.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Version, discovery (short names, categories, subresources), OpenAPI v2/v3 and server-side Tables.
 */
class DiscoveryMockTest {

  static TestApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = TestApiServer.start();
    client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void reportsKubernetes132() {
    assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
    assertThat(client.getKubernetesVersion().getMinor()).isEqualTo("32");
  }

  @Test
  void discoveryListsOurKindsWithShortNamesCategoriesAndSubresources() {
    assertThat(client.getApiGroups().getGroups())
        .anySatisfy(g -> assertThat(g.getName()).isEqualTo("nestos.openeuler.org"));
    var resources = client.getApiResources("nestos.openeuler.org/v1alpha1").getResources();
    APIResource osv =
        resources.stream().filter(r -> r.getName().equals("osversions")).findFirst().orElseThrow();
    assertThat(osv.getShortNames()).containsExactly("osv");
    assertThat(osv.getCategories()).contains("nestos");
    assertThat(osv.getNamespaced()).isFalse();
    assertThat(osv.getVerbs())
        .contains("get", "list", "watch", "create", "update", "patch", "delete");
    assertThat(resources)
        .extracting(APIResource::getName)
        .contains("osversions/status", "nodeconfigs", "rubikpolicies", "nodestates");
    assertThat(
            resources.stream()
                .filter(r -> r.getName().equals("nodestates"))
                .findFirst()
                .orElseThrow()
                .getShortNames())
        .containsExactly("nst");
    assertThat(client.getApiResources("v1").getResources())
        .extracting(APIResource::getName)
        .contains("pods/eviction", "nodes");
  }

  @Test
  void openApiDocumentsDescribeOurKinds() {
    RawHttp http = new RawHttp(server.url());
    JsonNode index = http.get("/openapi/v3").body();
    String url =
        index
            .path("paths")
            .path("apis/nestos.openeuler.org/v1alpha1")
            .path("serverRelativeURL")
            .asText();
    assertThat(url).startsWith("/openapi/v3/apis/nestos.openeuler.org/v1alpha1");

    JsonNode v3 = http.get(url).body();
    assertThat(v3.toString())
        .contains("x-kubernetes-group-version-kind")
        .contains("fieldValidation")
        .contains("maxUnavailable");
    JsonNode v2 = http.get("/openapi/v2").body();
    assertThat(v2.path("swagger").asText()).isEqualTo("2.0");
    assertThat(v2.path("definitions").toString()).contains("OSVersion");
  }

  @Test
  void tablesAreBuiltFromPrinterColumns() throws Exception {
    RawHttp http = new RawHttp(server.url());
    http.post(
        "/apis/nestos.openeuler.org/v1alpha1/nodestates",
        """
        {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"NodeState","metadata":{"name":"n1"},
         "spec":{"nodeName":"n1","revision":"r1"}}""");
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(server.url() + "/apis/nestos.openeuler.org/v1alpha1/nodestates"))
            .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
            .build();
    HttpResponse<String> response =
        http.client().send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode table = RawHttp.JSON.readTree(response.body());

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").get(0).path("name").asText()).isEqualTo("Name");
    assertThat(table.path("columnDefinitions").toString()).contains("Revision");
    assertThat(table.path("rows").get(0).path("cells").toString()).contains("n1").contains("r1");
  }
}
