package org.openeuler.nestos.daemon.update;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.openeuler.nestos.daemon.core.update.HostRecord;
import org.openeuler.nestos.daemon.host.HostFs;

/**
 * The update {@link HostRecord} on the host, one JSON file written with {@link
 * HostFs#writeAtomically} (temp file, fsync, rename, directory fsync): it must survive power loss
 * and reboots, since it holds the reboot counts. A corrupt or unknown-version file is an error,
 * never an empty record (that would forget reboots already done).
 */
public final class HostRecordStore {

  public static final String DEFAULT_PATH = "/var/lib/nestos/update-state.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The file's shape; {@code version} guards format changes. */
  record Document(int version, HostRecord record) {}

  private final HostFs fs;
  private final String path;

  public HostRecordStore(HostFs fs, String path) {
    this.fs = fs;
    this.path = path;
  }

  public HostRecordStore(HostFs fs) {
    this(fs, DEFAULT_PATH);
  }

  /** The record, or empty when the daemon never recorded one on this host. */
  public Optional<HostRecord> load() throws IOException {
    Optional<String> text = fs.read(path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Document doc = JSON.readValue(text.get(), Document.class);
      if (doc.version() != 1 || doc.record() == null) {
        throw new IOException(
            "unsupported update record " + path + " (version " + doc.version() + ")");
      }
      return Optional.of(doc.record());
    } catch (JsonProcessingException e) {
      throw new IOException("corrupt update record " + path + ": " + e.getOriginalMessage(), e);
    }
  }

  public void save(HostRecord record) throws IOException {
    String dir = path.substring(0, path.lastIndexOf('/'));
    if (!dir.isEmpty() && !fs.exists(dir)) {
      fs.createDirectories(dir);
    }
    fs.writeAtomically(
        path, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new Document(1, record)));
  }
}
