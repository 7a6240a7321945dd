package org.openeuler.nestos.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {

  /** RFC 7386 Appendix A, plus the section 3 example. */
  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'a':'b'}              | {'a':'c'}            | {'a':'c'}",
        "{'a':'b'}              | {'b':'c'}            | {'a':'b','b':'c'}",
        "{'a':'b'}              | {'a':null}           | {}",
        "{'a':'b','b':'c'}      | {'a':null}           | {'b':'c'}",
        "{'a':['b']}            | {'a':'c'}            | {'a':'c'}",
        "{'a':'c'}              | {'a':['b']}          | {'a':['b']}",
        "{'a':{'b':'c'}}        | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}      | {'a':[1]}            | {'a':[1]}",
        "['a','b']              | ['c','d']            | ['c','d']",
        "{'a':'b'}              | ['c']                | ['c']",
        "{'a':'foo'}            | null                 | null",
        "{'a':'foo'}            | 'bar'                | 'bar'",
        "{'e':null}             | {'a':1}              | {'e':null,'a':1}",
        "[1,2]                  | {'a':'b','c':null}   | {'a':'b'}",
        "{}                     | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
        "{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},'tags':['example','sample'],'content':'x'}"
            + " | {'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},'tags':['example']}"
            + " | {'title':'Hello!','author':{'givenName':'John'},'tags':['example'],'content':'x','phoneNumber':'+01-123-456-7890'}",
      })
  void rfc7386(String target, String patch, String expected) {
    JsonNode result = JsonMergePatch.apply(Json.parse(target), Json.parse(patch));
    assertThat(result).isEqualTo(Json.parse(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {"{'a':{'b':1}} | {'a':{'c':2}}"})
  void doesNotModifyInputs(String target, String patch) {
    JsonNode t = Json.parse(target);
    JsonNode p = Json.parse(patch);
    JsonMergePatch.apply(t, p);
    assertThat(t).isEqualTo(Json.parse(target));
    assertThat(p).isEqualTo(Json.parse(patch));
  }
}
