package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Schema patterns behave like kube-apiserver's RE2: {@code $} matches only at the very end of the
 * value.
 */
class Re2AnchorsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "^a$ ; ^a\\z",
        "^[$a]+$ ; ^[$a]+\\z",
        "^a\\$b$ ; ^a\\$b\\z",
        "^(a$|b$) ; ^(a\\z|b\\z)",
      })
  void dollarBecomesEndOfText(String pattern, String expected) {
    assertThat(Draft4Schemas.re2Anchors(pattern)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"x", "x\\n", "x\\r\\n"})
  void aTrailingLineBreakNoLongerMatches(String escaped) {
    String value = escaped.replace("\\n", "\n").replace("\\r", "\r");
    boolean matches = Pattern.compile(Draft4Schemas.re2Anchors("^x$")).matcher(value).find();
    assertThat(matches).isEqualTo(value.equals("x"));
  }
}
