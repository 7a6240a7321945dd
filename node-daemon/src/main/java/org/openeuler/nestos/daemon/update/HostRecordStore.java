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
 * and reboots, since it holds the reboot counts. An empty, torn, {@code null}, corrupt or
 * unknown-version file is an {@link UnreadableRecordException}, never an empty record (that would
 * forget reboots already done); the daemon reports it and halts OS updates (docs/decisions.md §14).
 */
public final class HostRecordStore {

  public static final String DEFAULT_PATH = "/var/lib/nestos/update-state.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The record file exists but holds no record this daemon can use. */
  public static final class UnreadableRecordException extends IOException {
    UnreadableRecordException(String message, Throwable cause) {
      super(message, cause);
    }
  }

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
    if (text.get().isBlank()) {
      throw new UnreadableRecordException("empty update record " + path, null);
    }
    Document doc;
    try {
      doc = JSON.readValue(text.get(), Document.class);
    } catch (JsonProcessingException e) {
      throw new UnreadableRecordException(
          "corrupt update record " + path + ": " + oneLine(e.getOriginalMessage()), e);
    }
    if (doc == null || doc.record() == null) {
      throw new UnreadableRecordException("update record " + path + " holds no record", null);
    }
    if (doc.version() != 1) {
      throw new UnreadableRecordException(
          "unsupported update record " + path + " (version " + doc.version() + ")", null);
    }
    return Optional.of(doc.record());
  }

  private static String oneLine(String s) {
    String flat = String.valueOf(s).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
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
