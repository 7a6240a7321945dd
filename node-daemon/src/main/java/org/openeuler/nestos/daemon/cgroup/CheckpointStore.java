package org.openeuler.nestos.daemon.cgroup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.daemon.core.cgroup.CgroupOriginals;
import org.openeuler.nestos.daemon.host.HostFs;

/**
 * The cgroup originals on the host, in one project-owned file that survives daemon restarts,
 * crashes and power loss (docs/decisions.md §9). Format 2 is a journal: a header line {@code
 * {"version":2}}, then one JSON {@link CgroupOriginals.Original} per line. New originals are
 * appended and fsynced ({@link HostFs#appendDurably}: one small write and one fsync per new pod,
 * instead of rewriting every pod's originals and two fsyncs); removals rewrite the whole file
 * ({@link HostFs#writeAtomically}: temp file, fsync, rename, directory fsync). A torn last line (a
 * power loss during an append) is dropped on load: its cgroup write had not started, since the
 * write waits for the append's fsync. Any other damage is an error, never silently an empty
 * checkpoint (that would lose the originals). Format 1 (one JSON document, earlier daemons) is
 * still read, and rewritten in format 2 at the next change. The writer loads it at start before any
 * write.
 */
public final class CheckpointStore {

  /** Default location on the host. */
  public static final String DEFAULT_PATH = "/var/lib/nestos/cgroup-originals.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADER = "{\"version\":2}";

  /** Format 1's shape. */
  record Document(int version, List<CgroupOriginals.Original> originals) {}

  private final HostFs fs;
  private final String path;
  // whether the file on disk is a format-2 journal the next append may extend
  private boolean journal;

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
      journal = false;
      return CgroupOriginals.empty();
    }
    String t = text.get();
    if (!t.startsWith(HEADER)) {
      journal = false;
      return loadDocument(t);
    }
    List<CgroupOriginals.Original> out = new ArrayList<>();
    String[] lines = t.split("\n", -1);
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      boolean torn = i == lines.length - 1; // not followed by its newline
      try {
        out.add(JSON.readValue(line, CgroupOriginals.Original.class));
      } catch (JsonProcessingException e) {
        if (torn) {
          continue; // torn by a power loss during the append: its write never happened
        }
        throw new IOException(
            "corrupt cgroup checkpoint "
                + path
                + " line "
                + (i + 1)
                + ": "
                + e.getOriginalMessage(),
            e);
      }
    }
    // appending after a last line without its newline (torn, or whole but unterminated) would glue
    // the next line to it: the next addition rewrites the file instead
    journal = t.endsWith("\n");
    return CgroupOriginals.empty().with(out);
  }

  private CgroupOriginals loadDocument(String text) throws IOException {
    try {
      Document doc = JSON.readValue(text, Document.class);
      if (doc.version() != 1 || doc.originals() == null) {
        throw new IOException(
            "unsupported cgroup checkpoint " + path + " (version " + doc.version() + ")");
      }
      return new CgroupOriginals(doc.originals());
    } catch (JsonProcessingException e) {
      throw new IOException("corrupt cgroup checkpoint " + path + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Replaces the whole file with {@code originals} (format 2). */
  public void save(CgroupOriginals originals) throws IOException {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (CgroupOriginals.Original o : originals.originals()) {
      out.append(JSON.writeValueAsString(o)).append('\n');
    }
    fs.writeAtomically(path, out.toString());
    journal = true;
  }

  /**
   * Records {@code added} on top of {@code before} (what the file holds now): appended when the
   * file is a journal, else the whole file is written.
   */
  public void add(CgroupOriginals before, Collection<CgroupOriginals.Original> added)
      throws IOException {
    if (!journal) {
      save(before.with(added));
      return;
    }
    StringBuilder out = new StringBuilder();
    for (CgroupOriginals.Original o : added) {
      out.append(JSON.writeValueAsString(o)).append('\n');
    }
    fs.appendDurably(path, out.toString());
  }
}
