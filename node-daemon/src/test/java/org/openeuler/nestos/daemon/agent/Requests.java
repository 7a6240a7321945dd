package org.openeuler.nestos.daemon.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * The test API server's request counts ({@code /debug/requests}) without watches: what a benchmark
 * calls polling.
 */
record Requests(List<String> buckets, long total) {

  static Requests nonWatch(TestApiServer server) {
    List<String> buckets = new ArrayList<>();
    long total = 0;
    for (JsonNode r : server.requests().toJson().get("requests")) {
      if (!r.get("verb").asText().equals("watch")) {
        long count = r.get("count").asLong();
        total += count;
        buckets.add(
            r.get("verb").asText()
                + " "
                + r.get("resource").asText()
                + " x"
                + count
                + " ("
                + r.get("userAgent").asText()
                + ")");
      }
    }
    return new Requests(buckets, total);
  }

  static long watches(TestApiServer server) {
    return server.requests().total("watch", null);
  }
}
