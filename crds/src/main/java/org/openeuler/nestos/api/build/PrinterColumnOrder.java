package org.openeuler.nestos.api.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openeuler.nestos.api.ProjectCrds;

/**
 * Build step (process-classes, after fabric8's crd-generator): puts each CRD's {@code
 * additionalPrinterColumns} in the order the {@code @AdditionalPrinterColumn} annotations are
 * declared. fabric8 7.5.2 sorts them by JSONPath, which would make {@code kubectl get osv} start
 * with AGE; kubectl prints them in CRD order. It also drops {@code priority: 0} (the default, which
 * the apiserver omits when it serves the CRD): with it, {@code kubectl apply --server-side} of the
 * chart's CRDs conflicted on the atomic {@code .spec.versions} with whoever had applied them before
 * (see docs/admission-differential.md).
 */
public final class PrinterColumnOrder {

  private PrinterColumnOrder() {}

  /**
   * @param args the directory holding the generated {@code <plural>.<group>-v1.yml} files
   */
  public static void main(String[] args) throws IOException {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    for (Class<? extends HasMetadata> kind : ProjectCrds.KINDS) {
      File file = new File(args[0], ProjectCrds.fileName(kind));
      JsonNode crd = yaml.readTree(file);
      List<String> declared = new ArrayList<>();
      for (AdditionalPrinterColumn column :
          kind.getAnnotationsByType(AdditionalPrinterColumn.class)) {
        declared.add(column.jsonPath());
      }
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.get("additionalPrinterColumns") instanceof ArrayNode columns) {
          List<JsonNode> ordered = new ArrayList<>();
          columns.forEach(ordered::add);
          for (JsonNode column : ordered) {
            if (column.path("priority").isNumber() && column.path("priority").asInt() == 0) {
              ((ObjectNode) column).remove("priority");
            }
          }
          ordered.sort(Comparator.comparingInt(c -> rank(declared, c.path("jsonPath").asText())));
          ((ObjectNode) version).putArray("additionalPrinterColumns").addAll(ordered);
        }
      }
      yaml.writeValue(file, crd);
    }
  }

  private static int rank(List<String> declared, String jsonPath) {
    int index = declared.indexOf(jsonPath);
    return index < 0 ? Integer.MAX_VALUE : index;
  }
}
