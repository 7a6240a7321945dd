package org.openeuler.nestos.daemon.agent;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.status.OsStatus;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.ostree.host.RemoteSetup;

/** An {@link OsHost} that counts the reboots (finalize, rollback) it completes. */
record CountingOsHost(OsHost host, AtomicInteger reboots) implements OsHost {
  @Override
  public OsStatus status() {
    return host.status();
  }

  @Override
  public String bootId() {
    return host.bootId();
  }

  @Override
  public List<String> kernelCommandLine() {
    return host.kernelCommandLine();
  }

  @Override
  public OsStatus stage(String imageReference, KernelArgumentEdit kernelArguments) {
    return host.stage(imageReference, kernelArguments);
  }

  @Override
  public RemoteSetup ensureRemote(String name, List<String> armoredKeys) {
    return host.ensureRemote(name, armoredKeys);
  }

  @Override
  public void finalizeAndReboot(String checksum) {
    host.finalizeAndReboot(checksum);
    reboots.incrementAndGet();
  }

  @Override
  public void rollback() {
    host.rollback();
    reboots.incrementAndGet();
  }

  @Override
  public void makeBootedDefault() {
    host.makeBootedDefault();
  }

  @Override
  public void pin(String checksum) {
    host.pin(checksum);
  }

  @Override
  public void cleanup() {
    host.cleanup();
  }
}
