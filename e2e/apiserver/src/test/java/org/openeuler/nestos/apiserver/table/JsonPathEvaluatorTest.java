package org.openeuler.nestos.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPathEvaluatorTest {

  private static final JsonNode OBJ =
      parse(
          """
            {"metadata":{"name":"a","creationTimestamp":"2024-01-01T00:00:00Z","labels":{"x.y/z":"1"}},
             "spec":{"a":{"b":"deep"}},
             "items":[{"name":"i0"},{"name":"i1"}],
             "list":[{"b":1},{"c":2},{"b":3}],
             "status":{"x":"X","conditions":[{"type":"Ready","status":"False","reason":"Draining"},
                                              {"type":"Progressing","status":"True","reason":"Rolling"}]}}
            """);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        ".status.x|X",
        ".spec.a.b|deep",
        ".metadata.creationTimestamp|2024-01-01T00:00:00Z",
        ".status.conditions[?(@.type==\"Ready\")].reason|Draining",
        ".status.conditions[?(@.type=='Progressing')].status|True",
        ".status.conditions[?(@.type!=\"Ready\")].type|Progressing",
        ".items[0].name|i0",
        ".items[-1].name|i1",
        ".list[*].b|1,3",
        ".items[*].name|i0,i1",
        "{.status.x}|X",
        ".metadata.labels['x.y/z']|1",
        ".status.missing|''",
        ".status.conditions[?(@.type==\"Nope\")].reason|''",
        ".items[5].name|''",
        ".spec.a.b.c|''",
      })
  void evaluatesKubectlColumnPaths(String path, String expected) {
    assertThat(JsonPathEvaluator.text(OBJ, path)).isEqualTo(expected);
  }

  static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
