package org.openeuler.nestos.daemon.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A list-then-watch cache of the objects one field selector picks (the daemon's own NodeState, the
 * pods bound to its node), as Kubernetes clients keep them (docs/decisions.md §20):
 *
 * <ul>
 *   <li>the first list before {@link #start} returns; then one watch at a time from the last
 *       resourceVersion seen, bookmarks included ({@code allowWatchBookmarks}), each ended by the
 *       server after 5-10 minutes ({@code timeoutSeconds}) and resumed at once;
 *   <li>410 Gone (the resourceVersion left the server's window) relists and hands the handler what
 *       changed in the gap: adds, updates, and deletes of what the list no longer has;
 *   <li>a failed request or a dropped stream is tried again after a {@link WatchBackoff} delay;
 *   <li>a stream silent for longer than its timeout plus a minute (a half-open connection) is
 *       closed and resumed.
 * </ul>
 *
 * Handlers run on the watch's thread, one event at a time; an exception in one is logged.
 */
public final class Informer<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Informer.class);

  /** What the cache tells about changes. */
  public interface Handler<T> {
    void onAdd(T item);

    void onUpdate(T old, T item);

    void onDelete(T item);
  }

  /** How long the first list tries transient failures again before {@link #start()} fails. */
  static final Duration FIRST_LIST_PATIENCE = Duration.ofSeconds(20);

  /**
   * How to read one kind: its class, its key in the cache (namespace/name), its resourceVersion,
   * and what to drop from each object before caching it.
   */
  public record Kind<T>(
      Class<T> type,
      Function<T, String> key,
      Function<T, String> resourceVersion,
      UnaryOperator<T> trim) {}

  private final KubeApi api;
  private final String path;
  private final String fieldSelector;
  private final Kind<T> kind;
  private final Handler<T> handler;
  private final String name;
  private final WatchBackoff backoff;
  private final Map<String, T> store = new ConcurrentHashMap<>();
  private volatile String resourceVersion;
  private volatile boolean synced;
  private volatile boolean closed;
  private volatile InputStream stream;
  private volatile long streamDeadlineNanos = Long.MAX_VALUE;
  private Thread thread;
  private ScheduledFuture<?> stallCheck;

  Informer(
      KubeApi api,
      String path,
      String fieldSelector,
      Kind<T> kind,
      Handler<T> handler,
      String name,
      WatchBackoff backoff) {
    this.api = api;
    this.path = path;
    this.fieldSelector = fieldSelector;
    this.kind = kind;
    this.handler = handler;
    this.name = name;
    this.backoff = backoff;
  }

  /** {@link #start(Duration)} with 20 s of patience. */
  public void start() {
    start(FIRST_LIST_PATIENCE);
  }

  /**
   * Lists (trying transient failures again for up to {@code patience}), hands every object to the
   * handler as added, then starts watching on its own thread.
   *
   * @throws KubeApiException when the first list failed for good
   */
  public void start(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    for (int failures = 1; ; failures++) {
      try {
        relist();
        break;
      } catch (KubeApiException e) {
        Duration d = backoff.delay(failures);
        if (closed || !e.transientFailure() || System.nanoTime() + d.toNanos() > deadline) {
          throw e;
        }
        LOG.warn("{}: first list failed ({}); again in {} ms", name, e.getMessage(), d.toMillis());
        if (!sleep(d)) {
          throw e;
        }
      }
    }
    stallCheck = api.every(Duration.ofSeconds(30), this::closeIfStalled);
    thread = new Thread(this::watchLoop, "nestos-watch-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether the first list is in the cache. */
  public boolean hasSynced() {
    return synced;
  }

  /** The cached objects. */
  public Collection<T> list() {
    return List.copyOf(store.values());
  }

  @Override
  public void close() {
    closed = true;
    if (stallCheck != null) {
      stallCheck.cancel(false);
    }
    closeStream();
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void watchLoop() {
    int failures = 0;
    while (!closed) {
      try {
        if (resourceVersion == null) {
          relist();
        }
        watch();
        failures = 0;
      } catch (Gone e) {
        LOG.info("{}: resourceVersion {} expired (410 Gone); relisting", name, resourceVersion);
        resourceVersion = null;
      } catch (IOException | RuntimeException e) {
        if (closed) {
          break;
        }
        Duration d = backoff.delay(++failures);
        LOG.warn("{}: watch failed ({}); again in {} ms", name, e.getMessage(), d.toMillis());
        if (!sleep(d)) {
          break;
        }
      }
    }
  }

  /** One watch request, until the server ends it (its timeout) or it fails. */
  private void watch() throws IOException {
    int timeout = 300 + ThreadLocalRandom.current().nextInt(300);
    String query =
        selector()
            + "&watch=true&allowWatchBookmarks=true&timeoutSeconds="
            + timeout
            + "&resourceVersion="
            + encode(resourceVersion);
    InputStream in;
    try {
      in = api.openWatch(path + "?" + query);
    } catch (KubeApiException e) {
      if (e.code() == 410) {
        throw new Gone();
      }
      throw e;
    }
    streamDeadlineNanos = System.nanoTime() + Duration.ofSeconds(timeout + 60L).toNanos();
    stream = in;
    try (in;
        MappingIterator<JsonNode> events = api.json().readerFor(JsonNode.class).readValues(in)) {
      if (closed) {
        return;
      }
      while (!closed && events.hasNextValue()) {
        apply(events.nextValue());
      }
    } finally {
      stream = null;
      streamDeadlineNanos = Long.MAX_VALUE;
    }
  }

  private void apply(JsonNode event) {
    String type = event.path("type").asText();
    JsonNode object = event.path("object");
    switch (type) {
      case "BOOKMARK" -> resourceVersion = object.path("metadata").path("resourceVersion").asText();
      case "ERROR" -> {
        int code = object.path("code").asInt();
        if (code == 410) {
          throw new Gone();
        }
        throw new KubeApiException(code, name + ": watch error " + object.path("message").asText());
      }
      case "ADDED", "MODIFIED" -> {
        T item = decode(object);
        T old = store.put(kind.key().apply(item), item);
        resourceVersion = kind.resourceVersion().apply(item);
        if (old == null) {
          notify(() -> handler.onAdd(item));
        } else {
          notify(() -> handler.onUpdate(old, item));
        }
      }
      case "DELETED" -> {
        T item = decode(object);
        store.remove(kind.key().apply(item));
        resourceVersion = kind.resourceVersion().apply(item);
        notify(() -> handler.onDelete(item));
      }
      default -> LOG.debug("{}: ignoring watch event type {}", name, type);
    }
  }

  /** Lists everything again (paged) and tells the handler what changed since the cache's view. */
  private void relist() {
    Map<String, T> fresh = new LinkedHashMap<>();
    String next = null;
    String listVersion;
    do {
      String query = selector() + "&limit=500" + (next == null ? "" : "&continue=" + encode(next));
      JsonNode list = api.getTree(path + "?" + query);
      for (JsonNode item : list.path("items")) {
        T t = decode(item);
        fresh.put(kind.key().apply(t), t);
      }
      listVersion = list.path("metadata").path("resourceVersion").asText();
      next = list.path("metadata").path("continue").asText("");
      next = next.isEmpty() ? null : next;
    } while (next != null);
    for (Map.Entry<String, T> e : fresh.entrySet()) {
      T item = e.getValue();
      T old = store.put(e.getKey(), item);
      if (old == null) {
        notify(() -> handler.onAdd(item));
      } else if (!Objects.equals(
          kind.resourceVersion().apply(old), kind.resourceVersion().apply(item))) {
        notify(() -> handler.onUpdate(old, item));
      }
    }
    for (String k : List.copyOf(store.keySet())) {
      if (!fresh.containsKey(k)) {
        T gone = store.remove(k);
        notify(() -> handler.onDelete(gone));
      }
    }
    resourceVersion = listVersion;
    synced = true;
  }

  private void closeIfStalled() {
    if (System.nanoTime() > streamDeadlineNanos) {
      LOG.warn("{}: watch silent past its timeout; reconnecting", name);
      closeStream();
    }
  }

  private void closeStream() {
    InputStream s = stream;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }
  }

  private T decode(JsonNode object) {
    try {
      return kind.trim().apply(api.json().treeToValue(object, kind.type()));
    } catch (IOException e) {
      throw new KubeApiException(
          0, name + ": undecodable " + kind.type().getSimpleName() + ": " + e);
    }
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("{}: handler failed", name, e);
    }
  }

  private boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String selector() {
    return "fieldSelector=" + encode(fieldSelector);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  /** 410 Gone: the watch's resourceVersion is too old; relist. */
  private static final class Gone extends RuntimeException {
    Gone() {
      super(null, null, false, false);
    }
  }
}
