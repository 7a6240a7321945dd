package org.openeuler.nestos.apiserver.registry;

/**
 * One server-side printer column (CRD {@code additionalPrinterColumns} entry or a built-in
 * default).
 *
 * @param type OpenAPI type: {@code string}, {@code integer}, {@code number}, {@code boolean} or
 *     {@code date}
 * @param format optional OpenAPI format ({@code name} marks the primary name column), may be empty
 * @param priority 0 = shown by {@code kubectl get}, &gt;0 = only with {@code -o wide}
 * @param jsonPath kubectl-style JSONPath evaluated against the object (built-ins may use computed
 *     paths, see {@code table.BuiltinCells})
 */
public record PrinterColumn(
    String name, String type, String format, String description, int priority, String jsonPath) {

  public PrinterColumn {
    format = format == null ? "" : format;
    description = description == null ? "" : description;
  }

  public static PrinterColumn of(String name, String type, String jsonPath) {
    return new PrinterColumn(name, type, "", "", 0, jsonPath);
  }

  public static PrinterColumn wide(String name, String type, String jsonPath) {
    return new PrinterColumn(name, type, "", "", 1, jsonPath);
  }

  /** The Age column kube-apiserver adds to every CRD without additional printer columns. */
  public static PrinterColumn age() {
    return new PrinterColumn(
        "Age",
        "date",
        "",
        "CreationTimestamp is a timestamp representing the server time "
            + "when this object was created.",
        0,
        ".metadata.creationTimestamp");
  }
}
