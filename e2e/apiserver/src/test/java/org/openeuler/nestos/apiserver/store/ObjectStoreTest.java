package org.openeuler.nestos.apiserver.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode pod(String name, String node) {
    ObjectNode pod = JSON.createObjectNode();
    pod.putObject("metadata").put("name", name).put("namespace", "ns");
    pod.putObject("spec").put("nodeName", node);
    return pod;
  }

  static ObjectKey key(String name) {
    return new ObjectKey("", "pods", "ns", name);
  }

  /** Records events as "TYPE name" and expiry as "EXPIRED". */
  static final class Recorder implements WatchSink {
    final List<String> seen = new ArrayList<>();

    @Override
    public void onEvent(WatchEvent.Type type, ObjectNode object) {
      seen.add(type + " " + object.path("metadata").path("name").asText());
    }

    @Override
    public void onExpired(long oldestRetained) {
      seen.add("EXPIRED");
    }
  }

  @Test
  void everyWriteTakesTheNextResourceVersion() {
    ObjectStore store = new ObjectStore();
    long before = store.currentResourceVersion();
    ObjectNode a = store.put(key("a"), pod("a", "n1"));
    ObjectNode b = store.put(key("b"), pod("b", "n1"));

    assertThat(a.path("metadata").path("resourceVersion").asLong()).isEqualTo(before + 1);
    assertThat(b.path("metadata").path("resourceVersion").asLong()).isEqualTo(before + 2);
    assertThat(
            store.remove(key("a")).orElseThrow().path("metadata").path("resourceVersion").asLong())
        .isEqualTo(before + 3);
  }

  @Test
  void aWatchFromAResourceVersionReplaysOnlyLaterEvents() {
    ObjectStore store = new ObjectStore();
    store.put(key("old"), pod("old", "n1"));
    long rv = store.currentResourceVersion();
    store.put(key("new"), pod("new", "n1"));

    Recorder recorder = new Recorder();
    store.watch("", "pods", "ns", Selectors.ALL, rv, recorder);
    store.put(key("newer"), pod("newer", "n1"));

    assertThat(recorder.seen).containsExactly("ADDED new", "ADDED newer");
  }

  @Test
  void aWatchFromZeroStartsWithTheCurrentObjects() {
    ObjectStore store = new ObjectStore();
    store.put(key("a"), pod("a", "n1"));
    Recorder recorder = new Recorder();
    store.watch("", "pods", null, Selectors.ALL, 0, recorder);
    assertThat(recorder.seen).containsExactly("ADDED a");
  }

  @Test
  void aResourceVersionOlderThanTheHistoryExpires() {
    ObjectStore store = new ObjectStore(2);
    store.put(key("a"), pod("a", "n1"));
    long rv = store.currentResourceVersion();
    for (int i = 0; i < 5; i++) {
      store.put(key("x" + i), pod("x" + i, "n1"));
    }
    Recorder recorder = new Recorder();
    store.watch("", "pods", "ns", Selectors.ALL, rv, recorder);
    assertThat(recorder.seen).containsExactly("EXPIRED");
  }

  @Test
  void objectsMovingInAndOutOfAFieldSelectorAreAddedAndDeleted() {
    ObjectStore store = new ObjectStore();
    Recorder recorder = new Recorder();
    store.watch("", "pods", "ns", Selectors.of(null, "spec.nodeName=n1"), 0, recorder);

    store.put(key("p"), pod("p", "n2"));
    store.put(key("p"), pod("p", "n1"));
    store.put(key("p"), pod("p", "n1").put("extra", 1));
    store.put(key("p"), pod("p", "n2"));
    store.put(key("p"), pod("p", "n1"));
    store.remove(key("p"));

    assertThat(recorder.seen)
        .containsExactly("ADDED p", "MODIFIED p", "DELETED p", "ADDED p", "DELETED p");
  }

  @Test
  void collectionsDoNotLeakIntoEachOther() {
    ObjectStore store = new ObjectStore();
    store.put(new ObjectKey("", "pods", "ns", "a"), pod("a", "n1"));
    store.put(new ObjectKey("", "podsx", "ns", "b"), pod("b", "n1"));
    store.put(new ObjectKey("", "pods", "other", "c"), pod("c", "n1"));

    assertThat(store.list("", "pods", null, Selectors.ALL).items()).hasSize(2);
    assertThat(store.list("", "pods", "ns", Selectors.ALL).items()).hasSize(1);
  }

  @Test
  void stoppedWatchesReceiveNothing() {
    ObjectStore store = new ObjectStore();
    Recorder recorder = new Recorder();
    Runnable stop = store.watch("", "pods", "ns", Selectors.ALL, 0, recorder);
    stop.run();
    store.put(key("a"), pod("a", "n1"));
    assertThat(recorder.seen).isEmpty();
    assertThat(store.watcherCount()).isZero();
  }
}
