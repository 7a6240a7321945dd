package org.openeuler.nestos.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.openeuler.nestos.ostree.core.boot.GrubBootCounting;
import org.openeuler.nestos.ostree.core.gpg.RemoteKeys;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentDiff;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.ref.OstreeImageReference;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.core.status.OsStatus;
import org.openeuler.nestos.ostree.host.BootCounter;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.ostree.host.RemoteSetup;
import org.openeuler.nestos.ostree.host.SimulatedBootLoader;
import org.openeuler.nestos.ostree.registry.ImageInfo;
import org.openeuler.nestos.ostree.registry.RegistryClient;

/**
 * A simulated NestOS host's ostree deployments, with rpm-ostree's semantics: staging pulls the
 * image's metadata from the registry (its {@code ostree.commit} becomes the deployment checksum, as
 * with rpm-ostree, so a kernel-argument redeploy of the same image keeps the checksum) and is
 * finalization-locked (an unplanned reboot drops it); finalizing boots the staged deployment and
 * keeps the previous one as rollback; rollback swaps booted and rollback; cleanup keeps the booted
 * and pinned deployments. Ostree remotes are kept in memory with the real backends' {@link
 * #ensureRemote} semantics (signatures are not simulated).
 *
 * <p>Its boot loader counts boots as GRUB does ({@link GrubBootCounting}, docs/boot-counting.md):
 * every reboot goes through it, and a deployment whose OS version {@link #hangsAtBoot hangs at
 * boot} is reset and booted again until GRUB falls back to the previous deployment, or forever
 * ({@link #hung()}) when nothing armed the counter.
 *
 * <p>{@link #finalizeAndReboot} and {@link #rollback} reboot the machine: they hand over to the
 * node's {@link PowerSwitch} and end the calling daemon thread with {@link PowerOff}, as a real
 * reboot kills the daemon inside the call — nothing after the call runs in the old process.
 */
public final class SimulatedOsHost implements OsHost {

  /** Reboots the simulated machine (asynchronously: the daemon calling this is about to die). */
  @FunctionalInterface
  public interface PowerSwitch {
    void reboot(String reason);
  }

  /** Ends the daemon thread that asked for a reboot, as the reboot would. */
  public static final class PowerOff extends Error {
    PowerOff(String why) {
      super("simulated reboot: " + why, null, false, false);
    }
  }

  private final RegistryClient registry;
  private final List<Deployment> deployments = new ArrayList<>();

  /** Remote name -> its keys; {@code daemonRemotes} holds the ones {@link #ensureRemote} added. */
  private final Map<String, List<String>> remotes = new LinkedHashMap<>();

  private final List<String> daemonRemotes = new ArrayList<>();
  private PowerSwitch power = reason -> {};
  private final SimulatedBootLoader bootLoader = new SimulatedBootLoader();
  private final java.util.Set<String> hangingVersions = new java.util.HashSet<>();
  private int hungBoots;
  private boolean hung;
  private String bootId = UUID.randomUUID().toString();
  private int reboots;
  private final HostFaults faults = new HostFaults();
  private final Map<String, Integer> finalized = new java.util.HashMap<>();
  private final Map<String, Integer> rolledBackFrom = new java.util.HashMap<>();
  private int unplannedReboots;

  /**
   * A host booted from {@code imageReference} (transport form, resolved in the registry) with these
   * kargs.
   */
  public SimulatedOsHost(
      RegistryClient registry, String imageReference, List<String> kernelArguments) {
    this.registry = registry;
    deployments.add(resolve(imageReference, kernelArguments, true, false));
  }

  public synchronized void powerSwitch(PowerSwitch p) {
    this.power = Objects.requireNonNull(p);
  }

  public synchronized Deployment booted() {
    return deployments.stream().filter(Deployment::booted).findFirst().orElseThrow();
  }

  /** Every boot of a deployment of OS {@code version} hangs before userspace (a kernel panic). */
  public synchronized void hangsAtBoot(String version) {
    hangingVersions.add(version);
  }

  /** Boots that hung so far (each reset by the machine's watchdog and booted again). */
  public synchronized int hungBoots() {
    return hungBoots;
  }

  /** The last boot hung and GRUB had no counter to fall back with: the node stays down. */
  public synchronized boolean hung() {
    return hung;
  }

  /** The boot loader, whose environment block the daemon edits as GRUB's. */
  public BootCounter bootCounter() {
    return bootLoader;
  }

  /** The faults a chaos run sets on this host. */
  public HostFaults faults() {
    return faults;
  }

  /** Forward reboots (finalizations) so far, per image digest of the deployment booted into. */
  public synchronized Map<String, Integer> finalizations() {
    return Map.copyOf(finalized);
  }

  /** Rollback reboots done through {@link #rollback}, per image digest of the deployment left. */
  public synchronized Map<String, Integer> rollbacks() {
    return Map.copyOf(rolledBackFrom);
  }

  /** Unplanned reboots ({@link #unplannedReboot}). */
  public synchronized int unplannedReboots() {
    return unplannedReboots;
  }

  /** Reboots done through this host (finalize, rollback, unplanned). */
  public synchronized int reboots() {
    return reboots;
  }

  /**
   * Power loss or an admin's reboot: the locked staged deployment is dropped, the booted one boots
   * again.
   */
  public synchronized void unplannedReboot() {
    unplannedReboots++;
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

  /** {@inheritDoc} The booted deployment's kernel arguments, as its boot entry carries them. */
  @Override
  public synchronized List<String> kernelCommandLine() {
    return booted().kernelArguments();
  }

  @Override
  public OsStatus stage(String imageReference, KernelArgumentEdit kernelArguments) {
    faults.before("stage");
    faults.pull(imageReference);
    OsStatus staged = stageNow(imageReference, kernelArguments);
    faults.after("stage");
    return staged;
  }

  private synchronized OsStatus stageNow(
      String imageReference, KernelArgumentEdit kernelArguments) {
    Deployment base = deployments.stream().filter(Deployment::staged).findFirst().orElse(booted());
    List<String> kargs = KernelArgumentDiff.apply(base.kernelArguments(), kernelArguments);
    Deployment wanted = resolve(imageReference, kargs, false, true);
    boolean same =
        wanted.checksum().equals(base.checksum())
            && wanted.kernelArguments().equals(base.kernelArguments())
            && Objects.equals(wanted.imageReference(), base.imageReference());
    if (!same) {
      deployments.removeIf(Deployment::staged);
      deployments.add(0, wanted);
    }
    return status();
  }

  /**
   * As the CLI backends: keys validated first; a missing remote added, the daemon's re-imported, an
   * admin's left.
   */
  @Override
  public synchronized RemoteSetup ensureRemote(String name, List<String> armoredKeys) {
    RemoteKeys wanted = new RemoteKeys(name, armoredKeys);
    if (remotes.containsKey(name) && !daemonRemotes.contains(name)) {
      return RemoteSetup.ADMIN_OWNED;
    }
    List<String> keys = new ArrayList<>(remotes.getOrDefault(name, List.of()));
    wanted.keys().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
    boolean added = remotes.put(name, List.copyOf(keys)) == null;
    if (added) {
      daemonRemotes.add(name);
    }
    return added ? RemoteSetup.ADDED : RemoteSetup.KEYS_IMPORTED;
  }

  /** The configured ostree remotes and their keys. */
  public synchronized Map<String, List<String>> remotes() {
    return Map.copyOf(remotes);
  }

  @Override
  public void finalizeAndReboot(String checksum) {
    faults.before("finalizeAndReboot");
    synchronized (this) {
      Deployment staged =
          deployments.stream()
              .filter(d -> d.staged() && d.checksum().equals(checksum))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no staged deployment " + checksum + " to finalize"));
      Deployment previous = booted();
      List<Deployment> keep =
          deployments.stream().filter(d -> d != staged && d != previous && d.pinned()).toList();
      deployments.clear();
      deployments.add(copy(staged, true, false));
      deployments.add(copy(previous, false, false));
      deployments.addAll(keep);
      finalized.merge(staged.imageDigest(), 1, Integer::sum);
      newBoot();
    }
    powerOff("finalized " + checksum.substring(0, 12));
  }

  @Override
  public void rollback() {
    faults.before("rollback");
    synchronized (this) {
      deployments.removeIf(Deployment::staged);
      if (deployments.size() < 2) {
        throw new IllegalStateException("RollbackUnavailable: no rollback deployment");
      }
      Deployment current = deployments.remove(0);
      Deployment target = deployments.remove(0);
      deployments.add(0, copy(current, false, false));
      deployments.add(0, copy(target, true, false));
      rolledBackFrom.merge(current.imageDigest(), 1, Integer::sum);
      newBoot();
    }
    powerOff("rollback");
  }

  @Override
  public void makeBootedDefault() {
    faults.before("makeBootedDefault");
    synchronized (this) {
      if (deployments.size() >= 2 && !deployments.get(0).booted()) {
        deployments.add(0, deployments.remove(1));
      }
    }
    faults.after("makeBootedDefault");
  }

  @Override
  public void pin(String checksum) {
    faults.before("pin");
    pinNow(checksum);
    faults.after("pin");
  }

  private synchronized void pinNow(String checksum) {
    for (int i = 0; i < deployments.size(); i++) {
      Deployment d = deployments.get(i);
      if (d.checksum().equals(checksum) && !d.staged()) {
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
  public void cleanup() {
    faults.before("cleanup");
    synchronized (this) {
      deployments.removeIf(d -> !d.booted() && !d.pinned());
    }
    faults.after("cleanup");
  }

  private void powerOff(String why) {
    PowerSwitch p;
    synchronized (this) {
      p = power;
    }
    p.reboot(why);
    throw new PowerOff(why);
  }

  private void newBoot() {
    bootId = UUID.randomUUID().toString();
    reboots++;
    grubBoots();
  }

  /**
   * GRUB at each boot: its counting rules on the environment block pick the entry (0: the default
   * deployment, 1: the previous one); a deployment that hangs is reset and booted again.
   */
  private void grubBoots() {
    hung = false;
    for (int attempt = 0; attempt < 100; attempt++) {
      int entry =
          bootLoader.boot() == GrubBootCounting.FALLBACK_ENTRY && deployments.size() > 1 ? 1 : 0;
      List<Deployment> all = new ArrayList<>(deployments);
      deployments.clear();
      for (int i = 0; i < all.size(); i++) {
        Deployment d = all.get(i);
        deployments.add(d.staged() ? d : copy(d, i == entry, false));
      }
      if (!hangingVersions.contains(deployments.get(entry).version())) {
        return;
      }
      hungBoots++;
      if (!bootLoader.counting()) {
        hung = true; // no counting: every boot hangs the same way
        return;
      }
      bootId = UUID.randomUUID().toString();
    }
    hung = true;
  }

  /**
   * What {@code rpm-ostree rebase} learns from the registry: the manifest digest, commit and
   * version labels.
   */
  private Deployment resolve(
      String imageReference, List<String> kargs, boolean booted, boolean staged) {
    OstreeImageReference ref = OstreeImageReference.parse(imageReference);
    ImageInfo info;
    try {
      info = registry.inspect(ref.dockerReference());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot pull " + ref.dockerReference() + ": " + e.getMessage(), e);
    }
    OstreeLabels labels = OstreeLabels.from(info.config().labels());
    return new Deployment(
        labels.commit(),
        labels.version(),
        ref.toString(),
        info.manifestDigest().toString(),
        booted,
        staged,
        staged,
        false,
        kargs);
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
}
