package org.openeuler.nestos.ostree.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openeuler.nestos.ostree.core.gpg.RemoteKeys;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentDiff;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.ref.OstreeImageReference;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.core.status.OsStatus;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.ostree.host.RemoteSetup;

/**
 * An in-memory {@link OsHost} for unit tests: deployments in boot order, a boot id that changes on
 * every simulated reboot, a log of calls, and failure injection. Semantics follow rpm-ostree:
 * staging is finalization-locked (an unplanned reboot drops the staged deployment and boots the
 * current one), finalize boots the staged one and keeps the previous booted one as rollback,
 * rollback swaps booted and rollback, cleanup (as {@code rpm-ostree cleanup -p -r}) drops every
 * deployment but the booted and the pinned ones. Checksums are the SHA-256 of the image reference
 * plus kernel arguments.
 */
public final class FakeOsHost implements OsHost {

  private final List<Deployment> deployments = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final Set<String> failing = new HashSet<>();
  private final Map<String, RemoteState> remotes = new LinkedHashMap<>();
  private String bootId = UUID.randomUUID().toString();
  private int reboots;
  private boolean staleBootEntries;
  private List<String> commandLine;

  /** A host booted from {@code imageReference} with these kernel arguments. */
  public FakeOsHost(String imageReference, List<String> kernelArguments) {
    deployments.add(deployment(imageReference, kernelArguments, true, false));
    commandLine = List.copyOf(kernelArguments);
  }

  /**
   * From the next reboot on, the boot loader passes the command line of the boot before (a boot
   * entry nobody regenerated): the new deployment boots without its kernel-argument changes.
   */
  public synchronized FakeOsHost staleBootEntries() {
    staleBootEntries = true;
    return this;
  }

  /**
   * Makes every later call of {@code operation} ({@code stage}, {@code finalizeAndReboot}, ...)
   * throw.
   */
  public synchronized FakeOsHost failOn(String operation) {
    failing.add(operation);
    return this;
  }

  public synchronized FakeOsHost heal(String operation) {
    failing.remove(operation);
    return this;
  }

  /**
   * The calls made so far, e.g. {@code stage ostree-unverified-registry:...}, {@code pin
   * <checksum>}.
   */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized int reboots() {
    return reboots;
  }

  /** An ostree remote as the fake holds it: its keys and whether the daemon added it. */
  public record RemoteState(List<String> keys, boolean addedByDaemon) {}

  /**
   * A remote configured by an admin before the daemon runs (left untouched by {@link
   * #ensureRemote}).
   */
  public synchronized FakeOsHost adminRemote(String name, List<String> keys) {
    remotes.put(name, new RemoteState(List.copyOf(keys), false));
    return this;
  }

  /** The configured remotes by name. */
  public synchronized Map<String, RemoteState> remotes() {
    return Map.copyOf(remotes);
  }

  /**
   * Power loss, kured, an admin: the locked staged deployment is not finalized and the booted one
   * boots again.
   */
  public synchronized void unplannedReboot() {
    record("unplannedReboot");
    deployments.removeIf(Deployment::staged);
    newBoot();
  }

  @Override
  public synchronized OsStatus status() {
    return new OsStatus(deployments);
  }

  @Override
  public synchronized String bootId() {
    return bootId;
  }

  @Override
  public synchronized List<String> kernelCommandLine() {
    return commandLine;
  }

  @Override
  public synchronized OsStatus stage(String imageReference, KernelArgumentEdit kernelArguments) {
    record("stage " + imageReference + " " + kernelArguments);
    String image = OstreeImageReference.parse(imageReference).toString();
    Deployment base = deployments.stream().filter(Deployment::staged).findFirst().orElse(booted());
    List<String> kargs = KernelArgumentDiff.apply(base.kernelArguments(), kernelArguments);
    Deployment wanted = deployment(image, kargs, false, true);
    boolean same = wanted.checksum().equals(base.checksum());
    if (!(same && (base.staged() || base.booted()))) {
      deployments.removeIf(Deployment::staged);
      deployments.add(0, wanted);
    }
    return status();
  }

  /**
   * As the ostree CLI backends: validation first, then add, re-import for the daemon's own remote,
   * or leave.
   */
  @Override
  public synchronized RemoteSetup ensureRemote(String name, List<String> armoredKeys) {
    RemoteKeys wanted = new RemoteKeys(name, armoredKeys);
    record("ensureRemote " + name + " " + wanted.keys().size());
    RemoteState current = remotes.get(name);
    if (current != null && !current.addedByDaemon()) {
      return RemoteSetup.ADMIN_OWNED;
    }
    List<String> keys = new ArrayList<>(current == null ? List.of() : current.keys());
    wanted.keys().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
    remotes.put(name, new RemoteState(List.copyOf(keys), true));
    return current == null ? RemoteSetup.ADDED : RemoteSetup.KEYS_IMPORTED;
  }

  @Override
  public synchronized void finalizeAndReboot(String checksum) {
    record("finalizeAndReboot " + checksum);
    Deployment staged =
        deployments.stream()
            .filter(d -> d.staged() && d.checksum().equals(checksum))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException("no staged deployment " + checksum + " to finalize"));
    Deployment previous = booted();
    List<Deployment> keep =
        deployments.stream().filter(d -> d != staged && d != previous && d.pinned()).toList();
    deployments.clear();
    deployments.add(copy(staged, true, false));
    deployments.add(copy(previous, false, false));
    deployments.addAll(keep);
    newBoot();
  }

  @Override
  public synchronized void rollback() {
    record("rollback");
    deployments.removeIf(Deployment::staged);
    if (deployments.size() < 2) {
      throw new IllegalStateException("RollbackUnavailable: no rollback deployment");
    }
    Deployment current = deployments.remove(0);
    Deployment target = deployments.remove(0);
    deployments.add(0, copy(current, false, false));
    deployments.add(0, copy(target, true, false));
    newBoot();
  }

  @Override
  public synchronized void makeBootedDefault() {
    record("makeBootedDefault");
    if (deployments.size() < 2 || deployments.get(0).booted()) {
      return;
    }
    Deployment booted = deployments.remove(1);
    deployments.add(0, booted);
  }

  /**
   * GRUB's own fallback (boot counting ran out, docs/boot-counting.md): a reboot into the second
   * deployment with the order left as it is.
   */
  public synchronized void bootFallback() {
    record("bootFallback");
    deployments.removeIf(Deployment::staged);
    if (deployments.size() < 2) {
      throw new IllegalStateException("no deployment to fall back to");
    }
    Deployment first = deployments.remove(0);
    Deployment second = deployments.remove(0);
    deployments.add(0, copy(second, true, false));
    deployments.add(0, copy(first, false, false));
    newBoot();
  }

  @Override
  public synchronized void pin(String checksum) {
    record("pin " + checksum);
    for (int i = 0; i < deployments.size(); i++) {
      Deployment d = deployments.get(i);
      if (d.checksum().equals(checksum)) {
        deployments.set(
            i,
            new Deployment(
                d.checksum(),
                d.version(),
                d.imageReference(),
                d.imageDigest(),
                d.booted(),
                d.staged(),
                d.finalizationLocked(),
                true,
                d.kernelArguments()));
        return;
      }
    }
    throw new IllegalStateException("no deployment " + checksum + " to pin");
  }

  @Override
  public synchronized void cleanup() {
    record("cleanup");
    deployments.removeIf(d -> !d.booted() && !d.pinned());
  }

  private Deployment booted() {
    return deployments.stream().filter(Deployment::booted).findFirst().orElseThrow();
  }

  private void record(String call) {
    calls.add(call);
    String operation = call.split(" ", 2)[0];
    if (failing.contains(operation)) {
      throw new IllegalStateException("injected failure: " + operation);
    }
  }

  private void newBoot() {
    bootId = UUID.randomUUID().toString();
    reboots++;
    if (!staleBootEntries) {
      commandLine = booted().kernelArguments();
    }
  }

  private static Deployment copy(Deployment d, boolean booted, boolean staged) {
    return new Deployment(
        d.checksum(),
        d.version(),
        d.imageReference(),
        d.imageDigest(),
        booted,
        staged,
        staged && d.finalizationLocked(),
        d.pinned(),
        d.kernelArguments());
  }

  private static Deployment deployment(
      String imageReference, List<String> kargs, boolean booted, boolean staged) {
    OstreeImageReference ref = OstreeImageReference.parse(imageReference);
    String digest =
        ref.image().transport() == org.openeuler.nestos.ostree.core.ref.ImageTransport.REGISTRY
                && ref.dockerReference().hasDigest()
            ? ref.dockerReference().digest().toString()
            : null;
    return new Deployment(
        sha256(ref + "\n" + String.join(" ", kargs)),
        null,
        ref.toString(),
        digest,
        booted,
        staged,
        staged,
        false,
        kargs);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
