package org.openeuler.nestos.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openeuler.nestos.apiserver.ApiFaults.Fault;
import org.openeuler.nestos.apiserver.ApiFaults.Request;

/** Which requests the chaos runner's API faults touch: the operator's and daemons' only. */
class ApiChaosTest {

  static Request get(String agent) {
    return new Request("GET", "/api/v1/nodes", false, agent);
  }

  @Test
  void onlyTheOperatorAndTheDaemonsAreRefusedTheChecksReadAnUndisturbedApi() {
    ApiChaos chaos = new ApiChaos();
    chaos.open(FaultKind.API_ERRORS, 60_000, 100);
    assertThat(chaos.decide(get("fabric8-kubernetes-client/6.13"))).isEqualTo(Fault.PASS);
    assertThat(chaos.decide(get("kubelet/sim"))).isEqualTo(Fault.PASS);
    assertThat(chaos.decide(get("nestos-operator/nestos-operator-sim")))
        .isInstanceOf(Fault.Respond.class);
    Fault daemon = chaos.decide(get("nestos-node-daemon/0.1.0"));
    assertThat(daemon).isInstanceOf(Fault.Respond.class);
    assertThat(((Fault.Respond) daemon).code()).as("no conflict on a read").isNotEqualTo(409);
  }

  @Test
  void aKilledReplicaIsCutOffForGoodAndWindowsEnd() throws Exception {
    ApiChaos chaos = new ApiChaos();
    chaos.cutOff("nestos-operator/a");
    assertThat(chaos.decide(get("nestos-operator/a"))).isEqualTo(new Fault.Drop(0));
    assertThat(chaos.decide(get("nestos-operator/b"))).isEqualTo(Fault.PASS);
    chaos.open(FaultKind.API_ERRORS, 50, 100);
    chaos.open(FaultKind.API_ERRORS, 10, 100); // a shorter overlapping window keeps the later end
    Thread.sleep(30);
    assertThat(chaos.decide(get("nestos-operator/b"))).isInstanceOf(Fault.Respond.class);
    Thread.sleep(40);
    assertThat(chaos.decide(get("nestos-operator/b"))).isEqualTo(Fault.PASS);
  }
}
