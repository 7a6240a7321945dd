package org.openeuler.nestos.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPatchTest {

  /** RFC 6902 Appendix A (success cases). */
  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'foo':'bar'} | [{'op':'add','path':'/baz','value':'qux'}] | {'baz':'qux','foo':'bar'}",
        "{'foo':['bar','baz']} | [{'op':'add','path':'/foo/1','value':'qux'}] | {'foo':['bar','qux','baz']}",
        "{'baz':'qux','foo':'bar'} | [{'op':'remove','path':'/baz'}] | {'foo':'bar'}",
        "{'foo':['bar','qux','baz']} | [{'op':'remove','path':'/foo/1'}] | {'foo':['bar','baz']}",
        "{'baz':'qux','foo':'bar'} | [{'op':'replace','path':'/baz','value':'boo'}] | {'baz':'boo','foo':'bar'}",
        "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}} | [{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]"
            + " | {'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}",
        "{'foo':['all','grass','cows','eat']} | [{'op':'move','from':'/foo/1','path':'/foo/3'}] | {'foo':['all','cows','eat','grass']}",
        "{'baz':'qux','foo':['a',2,'c']} | [{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]"
            + " | {'baz':'qux','foo':['a',2,'c']}",
        "{'foo':'bar'} | [{'op':'add','path':'/child','value':{'grandchild':{}}}] | {'foo':'bar','child':{'grandchild':{}}}",
        "{'foo':'bar'} | [{'op':'add','path':'/baz','value':'qux','xyz':123}] | {'foo':'bar','baz':'qux'}",
        "{'foo':['bar']} | [{'op':'add','path':'/foo/-','value':['abc','def']}] | {'foo':['bar',['abc','def']]}",
        "{'/':9,'~1':10} | [{'op':'test','path':'/~01','value':10}] | {'/':9,'~1':10}",
        "{'a':{'b':1}} | [{'op':'copy','from':'/a','path':'/c'}] | {'a':{'b':1},'c':{'b':1}}",
        "{'a':1} | [{'op':'replace','path':'','value':[1]}] | [1]",
        "{'metadata':{'labels':{'a/b':'x'}}} | [{'op':'remove','path':'/metadata/labels/a~1b'}] | {'metadata':{'labels':{}}}",
      })
  void rfc6902(String target, String patch, String expected) {
    assertThat(JsonPatch.apply(Json.parse(target), Json.parse(patch)))
        .isEqualTo(Json.parse(expected));
  }

  @Test
  void failedTestIsTyped() {
    assertThatThrownBy(
            () ->
                JsonPatch.apply(
                    Json.parse("{'baz':'qux'}"),
                    Json.parse("[{'op':'test','path':'/baz','value':'bar'}]")))
        .isInstanceOf(JsonPatchTestFailedException.class)
        .satisfies(e -> assertThat(((JsonPatchTestFailedException) e).path()).isEqualTo("/baz"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'foo':'bar'} | [{'op':'add','path':'/baz/bat','value':'qux'}] | 422",
        "{'foo':'bar'} | [{'op':'remove','path':'/nope'}] | 422",
        "{'foo':'bar'} | [{'op':'replace','path':'/nope','value':1}] | 422",
        "{'foo':[1]} | [{'op':'add','path':'/foo/5','value':1}] | 422",
        "{'foo':'bar'} | [{'op':'frobnicate','path':'/foo'}] | 400",
        "{'foo':'bar'} | [{'op':'add','path':'/x'}] | 400",
        "{'foo':'bar'} | {'op':'add'} | 400",
      })
  void errors(String target, String patch, int status) {
    assertThatThrownBy(() -> JsonPatch.apply(Json.parse(target), Json.parse(patch)))
        .isInstanceOfSatisfying(
            PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(status));
  }
}
