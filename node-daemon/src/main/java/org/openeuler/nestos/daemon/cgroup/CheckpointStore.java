package org.openeuler.nestos.daemon.cgroup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.daemon.core.cgroup.CgroupOriginals;
import org.openeuler.nestos.daemon.host.HostFs;

/**
 * The cgroup originals on the host, in one project-owned JSON file replaced with {@link
 * HostFs#writeAtomically} (temp file, fsync, rename, directory fsync), so they survive daemon
 * restarts, crashes and power loss, and a half-written file never replaces a whole one. A corrupt
 * file is an error, never silently an empty checkpoint (that would lose the originals). The writer
 * loads it at start before any write (docs/decisions.md §9).
 */
public final class CheckpointStore {

  /** Default location on the host. */
  public static final String DEFAULT_PATH = "/var/lib/nestos/cgroup-originals.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The file's shape; {@code version} guards future format changes. */
  record Document(int version, List<CgroupOriginals.Original> originals) {}

  private final HostFs fs;
  private final String path;

  public CheckpointStore(HostFs fs, String path) {
    this.fs = fs;
    this.path = path;
  }

  public CheckpointStore(HostFs fs) {
    this(fs, DEFAULT_PATH);
  }

  public String path() {
    return path;
  }

  public CgroupOriginals load() throws IOException {
    Optional<String> text = fs.read(path);
    if (text.isEmpty()) {
      return CgroupOriginals.empty();
    }
    try {
      Document doc = JSON.readValue(text.get(), Document.class);
      if (doc.version() != 1 || doc.originals() == null) {
        throw new IOException(
            "unsupported cgroup checkpoint " + path + " (version " + doc.version() + ")");
      }
      return new CgroupOriginals(doc.originals());
    } catch (JsonProcessingException e) {
      throw new IOException("corrupt cgroup checkpoint " + path + ": " + e.getOriginalMessage(), e);
    }
  }

  public void save(CgroupOriginals originals) throws IOException {
    fs.writeAtomically(
        path, JSON.writer().writeValueAsString(new Document(1, originals.originals())) + "\n");
  }
}
