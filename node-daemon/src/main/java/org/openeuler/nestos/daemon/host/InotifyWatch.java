package org.openeuler.nestos.daemon.host;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DirectoryWatch} over the JDK's {@link WatchService} (inotify on Linux: one kernel watch
 * per directory, {@code IN_MODIFY}): its thread blocks until the kernel reports a write, so an idle
 * host costs nothing.
 */
final class InotifyWatch implements DirectoryWatch {

  private static final Logger LOG = LoggerFactory.getLogger(InotifyWatch.class);

  private final WatchService service;
  private final Function<String, Path> resolve;
  private final Map<String, WatchKey> keys = new ConcurrentHashMap<>();
  private final Map<WatchKey, String> directoryOf = new ConcurrentHashMap<>();
  private final Thread thread;

  InotifyWatch(Function<String, Path> resolve, Listener listener) throws IOException {
    this.resolve = resolve;
    this.service = FileSystems.getDefault().newWatchService();
    this.thread = new Thread(() -> run(listener), "nestos-fswatch");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public boolean add(String directory) {
    if (keys.containsKey(directory)) {
      return true;
    }
    try {
      WatchKey key =
          resolve.apply(directory).register(service, StandardWatchEventKinds.ENTRY_MODIFY);
      directoryOf.put(key, directory);
      keys.put(directory, key);
      return true;
    } catch (IOException | RuntimeException e) {
      // gone, or the watch limit (fs.inotify.max_user_watches) reached
      LOG.debug("cannot watch {}: {}", directory, e.toString());
      return false;
    }
  }

  @Override
  public void remove(String directory) {
    WatchKey key = keys.remove(directory);
    if (key != null) {
      directoryOf.remove(key);
      key.cancel();
    }
  }

  @Override
  public Set<String> directories() {
    return Set.copyOf(keys.keySet());
  }

  @Override
  public boolean active() {
    return true;
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("closing the watch: {}", e.toString());
    }
  }

  private void run(Listener listener) {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      String directory = directoryOf.get(key);
      for (WatchEvent<?> event : key.pollEvents()) {
        try {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            listener.overflowed();
          } else if (directory != null && event.context() instanceof Path name) {
            listener.written(directory + "/" + name);
          }
        } catch (RuntimeException e) {
          LOG.warn("watch listener failed: {}", e.toString());
        }
      }
      if (!key.reset() && directory != null) {
        // the directory is gone (a pod's cgroup removed)
        keys.remove(directory, key);
        directoryOf.remove(key);
      }
    }
  }
}
