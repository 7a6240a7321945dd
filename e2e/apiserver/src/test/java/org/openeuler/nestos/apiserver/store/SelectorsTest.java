package org.openeuler.nestos.apiserver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorsTest {

  static final JsonNode OBJECT =
      read(
          """
      {"metadata":{"name":"p1","labels":{"app":"web","tier":"front"}},"spec":{"nodeName":"n1"}}""");

  static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "labels [{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "app=web | true",
        "app==web | true",
        "app!=web | false",
        "app=db | false",
        "app in (web, db) | true",
        "app notin (web) | false",
        "missing notin (x) | true",
        "tier | true",
        "!tier | false",
        "!missing | true",
        "app=web,tier in (front,back) | true",
        "app=web,tier=back | false",
      })
  void labelSelectors(String selector, boolean matches) {
    assertThat(Selectors.of(selector, null).matches(null, OBJECT)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "fields [{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "metadata.name=p1 | true",
        "metadata.name==p1 | true",
        "metadata.name!=p1 | false",
        "spec.nodeName=n1 | true",
        "spec.nodeName=n2 | false",
        "spec.nodeName=n1,metadata.name=p1 | true",
        "spec.missing= | true",
      })
  void fieldSelectors(String selector, boolean matches) {
    assertThat(Selectors.of(null, selector).matches(null, OBJECT)).isEqualTo(matches);
  }

  @Test
  void aFieldSelectorTermWithoutOperatorIsRefused() {
    assertThatThrownBy(() -> Selectors.of(null, "spec.nodeName"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
