package org.openeuler.nestos.daemon.sysctl;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.daemon.host.HostFs;

/**
 * A {@link HostFs} decorator for tests: {@code write} to one path fails like the kernel refusing a
 * value (EINVAL), and the daemon can be "killed" (an {@link Error} nobody catches) at the atomic
 * write of one path.
 */
final class FaultyHostFs implements HostFs {

  /** Thrown to simulate the daemon being killed mid-pass. */
  static final class Killed extends Error {
    Killed(String where) {
      super("killed at " + where);
    }
  }

  private final HostFs delegate;
  private String failWrite;
  private String killAtAtomicWrite;

  FaultyHostFs(HostFs delegate) {
    this.delegate = delegate;
  }

  FaultyHostFs failWrite(String path) {
    this.failWrite = path;
    return this;
  }

  FaultyHostFs killAtAtomicWrite(String path) {
    this.killAtAtomicWrite = path;
    return this;
  }

  @Override
  public Optional<String> read(String path) throws IOException {
    return delegate.read(path);
  }

  @Override
  public void write(String path, String content) throws IOException {
    if (path.equals(failWrite)) {
      throw new IOException(path + ": Invalid argument");
    }
    delegate.write(path, content);
  }

  @Override
  public void writeAtomically(String path, String content) throws IOException {
    if (path.equals(killAtAtomicWrite)) {
      throw new Killed(path);
    }
    delegate.writeAtomically(path, content);
  }

  @Override
  public void replace(String path, String content) throws IOException {
    writeAtomically(path, content);
  }

  @Override
  public boolean exists(String path) {
    return delegate.exists(path);
  }

  @Override
  public boolean isWritable(String path) {
    return delegate.isWritable(path);
  }

  @Override
  public List<String> list(String directory) throws IOException {
    return delegate.list(directory);
  }

  @Override
  public void createDirectories(String directory) throws IOException {
    delegate.createDirectories(directory);
  }

  @Override
  public void delete(String path) throws IOException {
    delegate.delete(path);
  }
}
