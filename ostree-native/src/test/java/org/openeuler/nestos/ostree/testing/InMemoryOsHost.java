package org.openeuler.nestos.ostree.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.openeuler.nestos.ostree.core.boot.GrubBootCounting;
import org.openeuler.nestos.ostree.core.gpg.RemoteKeys;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentDiff;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.ref.ImageTransport;
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
 * The one in-memory rpm-ostree host, for the daemon's tests and the cluster simulator. Semantics
 * follow rpm-ostree: staging resolves the image ({@link ImageResolver}: its {@code ostree.commit}
 * is the deployment checksum, so a kernel-argument redeploy of the same image keeps the checksum)
 * and is finalization-locked (an unplanned reboot drops the staged deployment and boots the current
 * one); finalizing boots the staged one and keeps the previous booted one as rollback; rollback
 * swaps booted and rollback; cleanup ({@code rpm-ostree cleanup -p -r}) keeps the booted and pinned
 * deployments; ostree remotes follow the real backends' {@link #ensureRemote} rules (signatures are
 * not simulated).
 *
 * <p>Every boot goes through a GRUB that counts boots ({@link SimulatedBootLoader},
 * docs/boot-counting.md): a deployment whose OS version {@link #hangsAtBoot hangs} is reset and
 * booted again until GRUB falls back to the previous one, or forever ({@link #hung()}) when nothing
 * armed the counter. {@code /proc/cmdline} is the booted deployment's arguments, unless {@link
 * #staleBootEntries()} keeps the previous boot's.
 *
 * <p>Test controls: a log of calls ({@link #calls()}), operations that fail ({@link #failOn}),
 * {@link Faults} a chaos run sets around each action, and a {@link PowerSwitch} told of every
 * reboot {@link #finalizeAndReboot} and {@link #rollback} do (the simulator reboots its machine
 * there and ends the calling daemon thread; by default nothing happens and the call returns).
 */
public final class InMemoryOsHost implements OsHost {

  /** What staging learns about an image: {@code rpm-ostree rebase}'s view of the registry. */
  public record ResolvedImage(String commit, String version, String manifestDigest) {}

  /** Resolves the image a deployment comes from. */
  @FunctionalInterface
  public interface ImageResolver {
    ResolvedImage resolve(OstreeImageReference reference) throws IOException;
  }

  /** Told of each reboot, after the deployments changed (outside the host's lock). */
  @FunctionalInterface
  public interface PowerSwitch {
    void reboot(String reason);
  }

  /**
   * Faults around the host's actions (the simulator's chaos runs): each hook may throw to end the
   * caller there.
   */
  public interface Faults {
    /** Before {@code action} changes anything. */
    void before(String action);

    /** After {@code action} is done (never for the reboots). */
    void after(String action);

    /** Before an image is pulled for staging. */
    void pull(String imageReference);
  }

  /** An ostree remote as the host holds it: its keys and whether the daemon added it. */
  public record RemoteState(List<String> keys, boolean addedByDaemon) {}

  private static final Faults NO_FAULTS =
      new Faults() {
        @Override
        public void before(String action) {}

        @Override
        public void after(String action) {}

        @Override
        public void pull(String imageReference) {}
      };

  private final ImageResolver images;
  private final List<Deployment> deployments = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final Set<String> failing = new HashSet<>();
  private final Map<String, RemoteState> remotes = new LinkedHashMap<>();
  private final SimulatedBootLoader bootLoader;
  private final List<Predicate<Deployment>> hangs = new ArrayList<>();
  private final Map<String, Integer> finalized = new HashMap<>();
  private final Map<String, Integer> rolledBackFrom = new HashMap<>();
  private Faults faults = NO_FAULTS;
  private PowerSwitch power = reason -> {};
  private String bootId = UUID.randomUUID().toString();
  private List<String> commandLine;
  private boolean staleBootEntries;
  private int reboots;
  private int unplannedReboots;
  private int hungBoots;
  private boolean hung;

  /**
   * A host booted from {@code imageReference} (transport form) with these kernel arguments; images
   * resolve without a registry ({@link #SYNTHETIC}).
   */
  public InMemoryOsHost(String imageReference, List<String> kernelArguments) {
    this(SYNTHETIC, imageReference, kernelArguments);
  }

  /** A host booted from {@code imageReference}, resolved by {@code images}; GRUB counts boots. */
  public InMemoryOsHost(ImageResolver images, String imageReference, List<String> kernelArguments) {
    this(images, imageReference, kernelArguments, new SimulatedBootLoader());
  }

  /**
   * A host with this boot loader (e.g. {@code new SimulatedBootLoader(false)}: a GRUB that does not
   * count boots).
   */
  public InMemoryOsHost(
      ImageResolver images,
      String imageReference,
      List<String> kernelArguments,
      SimulatedBootLoader bootLoader) {
    this.images = Objects.requireNonNull(images, "images");
    this.bootLoader = Objects.requireNonNull(bootLoader, "bootLoader");
    deployments.add(deployment(imageReference, kernelArguments, true, false));
    commandLine = List.copyOf(kernelArguments);
  }

  /**
   * Images without a registry: the commit is a hash of the reference, the digest the reference's
   * own (when pinned), no version.
   */
  public static final ImageResolver SYNTHETIC =
      ref ->
          new ResolvedImage(
              OciDigest.of(ref.toString().getBytes(StandardCharsets.UTF_8)).hex(),
              null,
              ref.image().transport() == ImageTransport.REGISTRY
                      && ref.dockerReference().hasDigest()
                  ? ref.dockerReference().digest().toString()
                  : null);

  /**
   * Images as {@code rpm-ostree rebase} learns them from {@code registry}: the manifest digest, the
   * commit and version labels.
   */
  public static ImageResolver registry(RegistryClient registry) {
    return ref -> {
      ImageInfo info = registry.inspect(ref.dockerReference());
      OstreeLabels labels = OstreeLabels.from(info.config().labels());
      return new ResolvedImage(labels.commit(), labels.version(), info.manifestDigest().toString());
    };
  }

  // ---------------------------------------------------------------- test controls

  public synchronized InMemoryOsHost powerSwitch(PowerSwitch p) {
    this.power = Objects.requireNonNull(p);
    return this;
  }

  public synchronized InMemoryOsHost faults(Faults f) {
    this.faults = Objects.requireNonNull(f);
    return this;
  }

  /** Makes every later call of {@code operation} ({@code stage}, {@code pin}, ...) throw. */
  public synchronized InMemoryOsHost failOn(String operation) {
    failing.add(operation);
    return this;
  }

  public synchronized InMemoryOsHost heal(String operation) {
    failing.remove(operation);
    return this;
  }

  /**
   * From the next reboot on, the boot loader passes the command line of the boot before (a boot
   * entry nobody regenerated): the new deployment boots without its kernel-argument changes.
   */
  public synchronized InMemoryOsHost staleBootEntries() {
    staleBootEntries = true;
    return this;
  }

  /** Every boot of a deployment of OS {@code version} hangs before userspace (a kernel panic). */
  public synchronized InMemoryOsHost hangsAtBoot(String version) {
    return hangsAtBoot(d -> Objects.equals(version, d.version()));
  }

  /** Every boot of a deployment {@code which} matches hangs before userspace. */
  public synchronized InMemoryOsHost hangsAtBoot(Predicate<Deployment> which) {
    hangs.add(which);
    return this;
  }

  /** An ostree remote an admin configured before the daemon ran (never touched by it). */
  public synchronized InMemoryOsHost adminRemote(String name, List<String> keys) {
    remotes.put(name, new RemoteState(List.copyOf(keys), false));
    return this;
  }

  /**
   * Power loss, kured, an admin: the locked staged deployment is not finalized and the booted one
   * boots again.
   */
  public synchronized void unplannedReboot() {
    record("unplannedReboot");
    unplannedReboots++;
    deployments.removeIf(Deployment::staged);
    newBoot();
  }

  /**
   * GRUB's own fallback without counting rules (a test's shortcut): a reboot into the second
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
    bootId = UUID.randomUUID().toString();
    reboots++;
    bootedWith(second);
  }

  // ---------------------------------------------------------------- observations

  /** The calls made so far, e.g. {@code stage ostree-unverified-registry:...}, {@code pin <c>}. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized Deployment booted() {
    return deployments.stream().filter(Deployment::booted).findFirst().orElseThrow();
  }

  /** Reboots so far (finalize, rollback, unplanned, fallback). */
  public synchronized int reboots() {
    return reboots;
  }

  public synchronized int unplannedReboots() {
    return unplannedReboots;
  }

  /** Forward reboots (finalizations) so far, per image digest of the deployment booted into. */
  public synchronized Map<String, Integer> finalizations() {
    return Map.copyOf(finalized);
  }

  /** Rollback reboots so far, per image digest of the deployment left. */
  public synchronized Map<String, Integer> rollbacks() {
    return Map.copyOf(rolledBackFrom);
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

  /** The configured ostree remotes by name. */
  public synchronized Map<String, RemoteState> remotes() {
    return Map.copyOf(remotes);
  }

  // ---------------------------------------------------------------- OsHost

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
  public OsStatus stage(String imageReference, KernelArgumentEdit kernelArguments) {
    calling("stage " + imageReference + " " + kernelArguments);
    faults.before("stage");
    faults.pull(imageReference);
    OsStatus staged = stageNow(imageReference, kernelArguments);
    faults.after("stage");
    return staged;
  }

  private synchronized OsStatus stageNow(String imageReference, KernelArgumentEdit edit) {
    Deployment base = deployments.stream().filter(Deployment::staged).findFirst().orElse(booted());
    List<String> kargs = KernelArgumentDiff.apply(base.kernelArguments(), edit);
    Deployment wanted = deployment(imageReference, kargs, false, true);
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
   * As the ostree CLI backends: keys validated first; a missing remote added, the daemon's own
   * re-imported, an admin's left.
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
  public void finalizeAndReboot(String checksum) {
    calling("finalizeAndReboot " + checksum);
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
      finalized.merge(String.valueOf(staged.imageDigest()), 1, Integer::sum);
      newBoot();
    }
    powerOff("finalized " + checksum.substring(0, Math.min(12, checksum.length())));
  }

  @Override
  public void rollback() {
    calling("rollback");
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
      rolledBackFrom.merge(String.valueOf(current.imageDigest()), 1, Integer::sum);
      newBoot();
    }
    powerOff("rollback");
  }

  @Override
  public void makeBootedDefault() {
    calling("makeBootedDefault");
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
    calling("pin " + checksum);
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
    calling("cleanup");
    faults.before("cleanup");
    synchronized (this) {
      deployments.removeIf(d -> !d.booted() && !d.pinned());
    }
    faults.after("cleanup");
  }

  // ---------------------------------------------------------------- internals

  private synchronized void calling(String call) {
    record(call);
  }

  private void record(String call) {
    calls.add(call);
    String operation = call.split(" ", 2)[0];
    if (failing.contains(operation)) {
      throw new IllegalStateException("injected failure: " + operation);
    }
  }

  private void powerOff(String why) {
    PowerSwitch p;
    synchronized (this) {
      p = power;
    }
    p.reboot(why);
  }

  private void newBoot() {
    bootId = UUID.randomUUID().toString();
    reboots++;
    grubBoots();
    bootedWith(booted());
  }

  private void bootedWith(Deployment d) {
    if (!staleBootEntries) {
      commandLine = d.kernelArguments();
    }
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
      Deployment booting = deployments.get(entry);
      if (hangs.stream().noneMatch(h -> h.test(booting))) {
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

  private Deployment deployment(
      String imageReference, List<String> kargs, boolean booted, boolean staged) {
    OstreeImageReference ref = OstreeImageReference.parse(imageReference);
    ResolvedImage image;
    try {
      image = images.resolve(ref);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot pull " + ref.dockerReference() + ": " + e.getMessage(), e);
    }
    return new Deployment(
        image.commit(),
        image.version(),
        ref.toString(),
        image.manifestDigest(),
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
