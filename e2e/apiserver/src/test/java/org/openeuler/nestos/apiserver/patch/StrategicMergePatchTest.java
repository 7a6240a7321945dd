package org.openeuler.nestos.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrategicMergePatchTest {

  private static final ListSchema NODE = BuiltinListSchemas.forKind("v1", "Node");
  private static final ListSchema POD = BuiltinListSchemas.forKind("v1", "Pod");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "labels merge | {'metadata':{'labels':{'a':'1','b':'2'}}} | {'metadata':{'labels':{'b':'3','c':'4'}}}"
            + " | {'metadata':{'labels':{'a':'1','b':'3','c':'4'}}}",
        "null removes | {'metadata':{'labels':{'a':'1','b':'2'}}} | {'metadata':{'labels':{'a':null}}}"
            + " | {'metadata':{'labels':{'b':'2'}}}",
        "cordon | {'spec':{'podCIDR':'x'}} | {'spec':{'unschedulable':true}} | {'spec':{'podCIDR':'x','unschedulable':true}}",
        "taints replaced | {'spec':{'taints':[{'key':'a','effect':'NoSchedule'}]}}"
            + " | {'spec':{'taints':[{'key':'b','effect':'NoExecute'}]}} | {'spec':{'taints':[{'key':'b','effect':'NoExecute'}]}}",
        "conditions by type | {'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'DiskPressure','status':'False'}]}}"
            + " | {'status':{'conditions':[{'type':'Ready','status':'True','reason':'KubeletReady'},{'type':'PIDPressure','status':'False'}]}}"
            + " | {'status':{'conditions':[{'type':'Ready','status':'True','reason':'KubeletReady'},{'type':'DiskPressure','status':'False'},"
            + "{'type':'PIDPressure','status':'False'}]}}",
        "$patch delete item | {'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'X','status':'False'}]}}"
            + " | {'status':{'conditions':[{'type':'X','$patch':'delete'}]}} | {'status':{'conditions':[{'type':'Ready','status':'False'}]}}",
        "finalizers union | {'metadata':{'finalizers':['a','b']}} | {'metadata':{'finalizers':['b','c']}}"
            + " | {'metadata':{'finalizers':['a','b','c']}}",
        "deleteFromPrimitiveList | {'metadata':{'finalizers':['a','b','c']}} | {'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}"
            + " | {'metadata':{'finalizers':['a','c']}}",
        "$patch replace list | {'status':{'conditions':[{'type':'A'},{'type':'B'}]}} | {'status':{'conditions':[{'type':'C'},{'$patch':'replace'}]}}"
            + " | {'status':{'conditions':[{'type':'C'}]}}",
        "$patch replace map | {'metadata':{'labels':{'a':'1'}}} | {'metadata':{'labels':{'b':'2','$patch':'replace'}}}"
            + " | {'metadata':{'labels':{'b':'2'}}}",
        "$patch delete map | {'metadata':{'labels':{'a':'1'}},'spec':{'x':1}} | {'spec':{'$patch':'delete'}}"
            + " | {'metadata':{'labels':{'a':'1'}}}",
        "setElementOrder | {'status':{'conditions':[{'type':'A','v':1},{'type':'B','v':1}]}}"
            + " | {'status':{'$setElementOrder/conditions':[{'type':'B'},{'type':'A'}],'conditions':[{'type':'A','v':2}]}}"
            + " | {'status':{'conditions':[{'type':'B','v':1},{'type':'A','v':2}]}}",
        "retainKeys | {'spec':{'strategy':{'type':'A','rolling':{'x':1}}}} | {'spec':{'strategy':{'$retainKeys':['type'],'type':'B'}}}"
            + " | {'spec':{'strategy':{'type':'B'}}}",
        "addresses merge by type | {'status':{'addresses':[{'type':'InternalIP','address':'1'},{'type':'Hostname','address':'n'}]}}"
            + " | {'status':{'addresses':[{'type':'InternalIP','address':'2'}]}}"
            + " | {'status':{'addresses':[{'type':'InternalIP','address':'2'},{'type':'Hostname','address':'n'}]}}",
        "new list strips directives | {} | {'status':{'conditions':[{'type':'A','$patch':'delete'},{'type':'B'}]}}"
            + " | {'status':{'conditions':[{'type':'B'}]}}",
        "unknown list atomic | {'spec':{'podCIDRs':['a'],'other':[1,2]}} | {'spec':{'other':[3]}} | {'spec':{'podCIDRs':['a'],'other':[3]}}",
      })
  void node(String name, String target, String patch, String expected) {
    assertThat(StrategicMergePatch.apply(Json.obj(target), Json.obj(patch), NODE))
        .isEqualTo(Json.parse(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "container image | {'spec':{'containers':[{'name':'a','image':'i1'},{'name':'b','image':'i2'}]}}"
            + " | {'spec':{'containers':[{'name':'b','image':'i3'}]}}"
            + " | {'spec':{'containers':[{'name':'a','image':'i1'},{'name':'b','image':'i3'}]}}",
        "env by name | {'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'}]}]}}"
            + " | {'spec':{'containers':[{'name':'a','env':[{'name':'Y','value':'2'},{'name':'X','value':null}]}]}}"
            + " | {'spec':{'containers':[{'name':'a','env':[{'name':'X'},{'name':'Y','value':'2'}]}]}}",
        "containerStatuses atomic | {'status':{'containerStatuses':[{'name':'a'},{'name':'b'}]}}"
            + " | {'status':{'containerStatuses':[{'name':'b','ready':true}]}} | {'status':{'containerStatuses':[{'name':'b','ready':true}]}}",
        "ownerReferences by uid | {'metadata':{'ownerReferences':[{'uid':'1','name':'x'}]}}"
            + " | {'metadata':{'ownerReferences':[{'uid':'2','name':'y'}]}}"
            + " | {'metadata':{'ownerReferences':[{'uid':'1','name':'x'},{'uid':'2','name':'y'}]}}",
      })
  void pod(String name, String target, String patch, String expected) {
    assertThat(StrategicMergePatch.apply(Json.obj(target), Json.obj(patch), POD))
        .isEqualTo(Json.parse(expected));
  }
}
