package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiserverWritesTest {

  static final String BEFORE =
      """
      # HELP apiserver_request_total [STABLE] Counter of apiserver requests
      # TYPE apiserver_request_total counter
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="nodes",scope="resource",subresource="",verb="PATCH",version="v1"} 10
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="nestos.openeuler.org",resource="nodestates",scope="resource",subresource="status",verb="PATCH",version="v1alpha1"} 7
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="nodes",scope="cluster",subresource="",verb="LIST",version="v1"} 3
      """;

  static final String AFTER =
      """
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="nodes",scope="resource",subresource="",verb="PATCH",version="v1"} 16
      apiserver_request_total{code="409",component="apiserver",dry_run="",group="",resource="nodes",scope="resource",subresource="",verb="PATCH",version="v1"} 1
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="nestos.openeuler.org",resource="nodestates",scope="resource",subresource="status",verb="PATCH",version="v1alpha1"} 20
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="nestos.openeuler.org",resource="nodestates",scope="resource",subresource="",verb="PUT",version="v1alpha1"} 6
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="nestos.openeuler.org",resource="osversions",scope="resource",subresource="status",verb="APPLY",version="v1alpha1"} 4
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="nestos.openeuler.org",resource="osversions",scope="resource",subresource="",verb="PATCH",version="v1alpha1"} 1
      apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="events",scope="resource",subresource="",verb="POST",version="v1"} 9
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="nodes",scope="cluster",subresource="",verb="LIST",version="v1"} 5
      """;

  @Test
  void countsWritesPerResourceSinceTheBaseline() {
    Map<String, Long> d =
        ApiserverWrites.since(ApiserverWrites.parse(BEFORE), ApiserverWrites.parse(AFTER));
    assertThat(ApiserverWrites.writes(d, "nodes")).isEqualTo(7); // 6 more 200s + one 409
    assertThat(ApiserverWrites.writes(d, "nodestates")).isEqualTo(6);
    assertThat(ApiserverWrites.writes(d, "nodestates/status")).isEqualTo(13);
    assertThat(ApiserverWrites.writes(d, "osversions/status")).isEqualTo(4);
    assertThat(ApiserverWrites.writes(d, "events")).isEqualTo(9);
  }

  @Test
  void operatorWritesLeaveOutDaemonsEventsReadsAndTheHarnessUnpause() {
    Map<String, Long> d =
        ApiserverWrites.since(ApiserverWrites.parse(BEFORE), ApiserverWrites.parse(AFTER));
    // nodes 7 + nodestates 6 + osversions 1 + osversions/status 4 - the harness's unpause 1
    assertThat(ApiserverWrites.operatorWrites(d)).isEqualTo(17);
  }
}
