package org.openeuler.nestos.ostree.sysroot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.core.ref.OstreeImageReference;
import org.openeuler.nestos.ostree.core.ref.SignatureSource;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.core.status.OsStatus;
import org.openeuler.nestos.ostree.core.sysroot.AdminDeployment;
import org.openeuler.nestos.ostree.core.sysroot.AdminStatusParser;
import org.openeuler.nestos.ostree.core.sysroot.BootEntries;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandFailedException;
import org.openeuler.nestos.ostree.host.CommandRunner;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.ostree.host.OstreeRemotes;
import org.openeuler.nestos.ostree.host.RemoteSetup;
import org.openeuler.nestos.ostree.image.ImageSource;
import org.openeuler.nestos.ostree.image.ImportedImage;
import org.openeuler.nestos.ostree.image.OstreeImporter;

/**
 * {@link OsHost} on a real ostree sysroot directory (Debian ostree 2022.7, no rpm-ostree). Staged
 * with finalization locked = deployed {@code --not-as-default} (an unplanned reboot still boots the
 * default); finalizing = redeploying that commit as default with the staged deployment's kargs and
 * origin, then undeploying the staged copy (2022.7 has no {@code set-default}); rollback likewise
 * redeploys the rollback deployment as default (its origin carries the pin) and undeploys the old
 * copy. Nothing really boots: a "reboot" records the default deployment as booted and a fresh
 * {@code boot_id} under {@code nestos-sim/}; {@link #status()} combines that record with {@code
 * ostree admin status}, the boot entries' {@code options} and the origin files.
 */
public final class OstreeSysrootHost implements OsHost {

  public static final String OS = "nestos";

  private static final String ORIGIN_PREFIX = "origin-";

  private final Path sysroot;
  private final CommandRunner runner;
  private final Function<DockerReference, ImageSource> sources;
  private final OstreeImporter importer;
  private final SimState state;

  /** {@code sources} opens the registry image to import (pinned by digest). */
  public OstreeSysrootHost(
      Path sysroot, CommandRunner runner, Function<DockerReference, ImageSource> sources) {
    this.sysroot = sysroot;
    this.runner = runner;
    this.sources = sources;
    this.importer = new OstreeImporter(runner, sysroot.resolve("ostree/tmp-import"));
    this.state = new SimState(sysroot.resolve("nestos-sim"));
  }

  /**
   * {@code ostree admin init-fs} + {@code os-init nestos} when the directory holds no sysroot yet.
   */
  public OstreeSysrootHost initialize() {
    if (!Files.exists(sysroot.resolve("ostree/repo/config"))) {
      try {
        Files.createDirectories(sysroot);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      run("ostree", "admin", "init-fs", sysroot.toString());
      run("ostree", "admin", "os-init", "--sysroot=" + sysroot, OS);
    }
    state.bootId();
    return this;
  }

  public Path repo() {
    return sysroot.resolve("ostree/repo");
  }

  @Override
  public OsStatus status() {
    List<AdminDeployment> admin = adminStatus();
    Map<Integer, BootEntries> entries = bootEntries();
    String booted = state.booted().orElse(null);
    String staged = state.staged().orElse(null);
    List<Deployment> out = new ArrayList<>();
    for (AdminDeployment d : admin) {
      Map<String, String> origin = origin(d);
      BootEntries entry = entries.get(d.index());
      boolean isStaged = d.id().equals(staged);
      out.add(
          new Deployment(
              d.checksum(),
              d.version(),
              origin.get("container-image-reference"),
              origin.get("manifest-digest"),
              d.id().equals(booted),
              isStaged,
              isStaged,
              d.pinned(),
              entry == null ? List.of() : entry.options()));
    }
    return new OsStatus(out);
  }

  @Override
  public String bootId() {
    return state.bootId();
  }

  /**
   * {@inheritDoc} The reference's signature source is enforced: {@code
   * ostree-remote-registry:<remote>:} imports with libostree's GPG verification against that remote
   * of the sysroot repo ({@link OstreeImporter}); an unsigned or wrongly signed image is refused
   * and nothing is deployed. {@code ostree-image-signed:} (containers {@code policy.json}) is
   * refused before any download: Debian ostree has no container-image code that evaluates a
   * containers policy (rpm-ostree's ostree-rs-ext does).
   */
  @Override
  public OsStatus stage(String imageReference, KernelArgumentEdit kernelArguments) {
    DockerReference image = OstreeImageReference.pinnedRegistryImage(imageReference);
    String verifyRemote = verifyingRemote(imageReference);
    removeStaleOrigins();
    List<String> kargs = edit(bootedOptions(), kernelArguments);
    Optional<AdminDeployment> current = stagedDeployment();
    if (current.isPresent() && sameStage(current.get(), imageReference, image, kargs)) {
      return status();
    }
    ImportedImage imported;
    try {
      imported = importer.importImage(sources.apply(image), image.digest(), repo(), verifyRemote);
    } catch (IOException e) {
      throw new UncheckedIOException("importing " + imageReference + ": " + e.getMessage(), e);
    } catch (CommandFailedException e) {
      if (verifyRemote == null) {
        throw e;
      }
      throw new IllegalStateException(
          "refused "
              + imageReference
              + ": import with signature verification by the keys"
              + " of ostree remote \""
              + verifyRemote
              + "\" failed: "
              + e.result().stderr().strip(),
          e);
    }
    current.ifPresent(this::undeploy);
    state.clearStaged();
    List<String> before = adminStatus().stream().map(AdminDeployment::id).toList();
    Path originFile = writeOrigin(imageReference, image.digest().toString());
    try {
      run(deployArgv(false, kargs, originFile, imported.commit()).toArray(String[]::new));
    } finally {
      deleteQuietly(originFile);
    }
    state.setStaged(
        adminStatus().stream()
            .filter(d -> !before.contains(d.id()))
            .findFirst()
            .orElseThrow()
            .id());
    return status();
  }

  /**
   * {@inheritDoc} With the {@code ostree} CLI on this sysroot's repository ({@link OstreeRemotes}).
   */
  @Override
  public RemoteSetup ensureRemote(String name, List<String> armoredKeys) {
    return new OstreeRemotes(runner, repo().toString()).ensure(name, armoredKeys);
  }

  @Override
  public void finalizeAndReboot(String checksum) {
    AdminDeployment staged =
        stagedDeployment()
            .orElseThrow(() -> new IllegalStateException("no staged deployment to finalize"));
    if (!staged.checksum().equals(checksum)) {
      throw new IllegalStateException(
          "staged deployment is " + staged.checksum() + ", not " + checksum);
    }
    redeployAsDefault(staged);
    undeploy(findById(staged.id()));
    state.clearStaged();
    reboot();
  }

  @Override
  public void rollback() {
    OsStatus s = status();
    s.rollback().orElseThrow(() -> new IllegalStateException("no rollback deployment"));
    AdminDeployment old =
        adminStatus().stream()
            .filter(
                d ->
                    !d.id().equals(state.booted().orElse(""))
                        && !d.id().equals(state.staged().orElse("")))
            .findFirst()
            .orElseThrow();
    redeployAsDefault(old);
    AdminDeployment copy = findById(old.id());
    if (copy.pinned()) {
      run(
          "ostree",
          "admin",
          "pin",
          "--sysroot=" + sysroot,
          "--unpin",
          Integer.toString(copy.index()));
    }
    undeploy(findById(old.id()));
    reboot();
  }

  @Override
  public void pin(String checksum) {
    AdminDeployment d =
        adminStatus().stream()
            .filter(a -> a.checksum().equals(checksum))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no deployment of " + checksum));
    run("ostree", "admin", "pin", "--sysroot=" + sysroot, Integer.toString(d.index()));
  }

  /**
   * As {@code rpm-ostree cleanup -p -r}: every deployment but the booted and the pinned ones goes.
   */
  @Override
  public void cleanup() {
    String booted = state.booted().orElse("");
    List<AdminDeployment> doomed =
        adminStatus().stream().filter(d -> !d.id().equals(booted) && !d.pinned()).toList();
    for (int i = doomed.size() - 1; i >= 0; i--) {
      undeploy(doomed.get(i));
    }
    if (doomed.stream().anyMatch(d -> d.id().equals(state.staged().orElse(null)))) {
      state.clearStaged();
    }
    run("ostree", "admin", "cleanup", "--sysroot=" + sysroot);
  }

  /**
   * The simulated reboot: the default deployment (index 0) becomes the booted one, with a new boot
   * id.
   */
  public void reboot() {
    state.setBooted(adminStatus().get(0).id());
    state.newBootId();
  }

  /** Raw {@code ostree admin status} text (for assertions and reports). */
  public String adminStatusText() {
    return run("ostree", "admin", "status", "--sysroot=" + sysroot);
  }

  private void redeployAsDefault(AdminDeployment d) {
    BootEntries entry = bootEntries().get(d.index());
    List<String> kargs = entry == null ? List.of() : entry.userOptions();
    Path origin = sysroot.resolve("ostree/deploy/" + OS + "/deploy/" + d.id() + ".origin");
    run(deployArgv(true, kargs, origin, d.checksum()).toArray(String[]::new));
  }

  private List<String> deployArgv(
      boolean asDefault, List<String> kargs, Path originFile, String checksum) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ostree",
                "admin",
                "deploy",
                "--sysroot=" + sysroot,
                "--os=" + OS,
                "--retain",
                "--karg-none",
                "--origin-file=" + originFile));
    if (!asDefault) {
      argv.add("--not-as-default");
    }
    kargs.forEach(k -> argv.add("--karg-append=" + k));
    argv.add(checksum);
    return argv;
  }

  private void undeploy(AdminDeployment d) {
    run("ostree", "admin", "undeploy", "--sysroot=" + sysroot, Integer.toString(d.index()));
  }

  private AdminDeployment findById(String id) {
    return adminStatus().stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("deployment " + id + " is gone"));
  }

  private Optional<AdminDeployment> stagedDeployment() {
    Optional<String> id = state.staged();
    return id.flatMap(s -> adminStatus().stream().filter(d -> d.id().equals(s)).findFirst());
  }

  /**
   * The same image, pulled under the same reference (hence the same verification), with the same
   * kargs.
   */
  private boolean sameStage(
      AdminDeployment current, String reference, DockerReference image, List<String> kargs) {
    BootEntries entry = bootEntries().get(current.index());
    Map<String, String> origin = origin(current);
    return image.digest().toString().equals(origin.get("manifest-digest"))
        && reference.equals(origin.get("container-image-reference"))
        && entry != null
        && entry.userOptions().equals(kargs);
  }

  /**
   * The ostree remote whose keys must verify the image, null when unverified; refuses
   * containers-policy images.
   */
  private static String verifyingRemote(String imageReference) {
    if (!imageReference.startsWith("ostree-")) {
      return null;
    }
    SignatureSource signature = OstreeImageReference.parse(imageReference).signature();
    return switch (signature.verification()) {
      case UNVERIFIED -> null;
      case OSTREE_REMOTE -> signature.remote();
      case CONTAINER_POLICY ->
          throw new UnsupportedOperationException(
              "refused "
                  + imageReference
                  + ": containers-policy (policy.json) verification is not available on the ostree sysroot backend");
    };
  }

  private List<String> bootedOptions() {
    String booted = state.booted().orElse(null);
    return adminStatus().stream()
        .filter(d -> d.id().equals(booted))
        .findFirst()
        .map(d -> bootEntries().get(d.index()))
        .map(BootEntries::userOptions)
        .orElse(List.of());
  }

  /** Delete-if-present, then append-if-missing, order kept ({@code rpm-ostree kargs} semantics). */
  static List<String> edit(List<String> base, KernelArgumentEdit edit) {
    List<String> out = new ArrayList<>(base);
    out.removeIf(edit.deleteIfPresent()::contains);
    for (String k : new LinkedHashSet<>(edit.appendIfMissing())) {
      if (!out.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /** Origin files a deploy killed mid-way left (a finished deploy removes its own). */
  private void removeStaleOrigins() {
    if (!Files.isDirectory(state.dir())) {
      return;
    }
    try (Stream<Path> files = Files.list(state.dir())) {
      files
          .filter(
              p ->
                  p.getFileName().toString().startsWith(ORIGIN_PREFIX)
                      && p.getFileName().toString().endsWith(".conf"))
          .forEach(OstreeSysrootHost::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + p, e);
    }
  }

  private Path writeOrigin(String reference, String digest) {
    try {
      Files.createDirectories(state.dir());
      Path f = Files.createTempFile(state.dir(), ORIGIN_PREFIX, ".conf");
      Files.writeString(
          f,
          "[origin]\ncontainer-image-reference="
              + reference
              + "\n\n[nestos]\nmanifest-digest="
              + digest
              + "\n",
          StandardCharsets.UTF_8);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> origin(AdminDeployment d) {
    Path f = sysroot.resolve("ostree/deploy/" + d.osname() + "/deploy/" + d.id() + ".origin");
    Map<String, String> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(f)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private Map<Integer, BootEntries> bootEntries() {
    Path dir = sysroot.resolve("boot/loader/entries");
    Map<Integer, BootEntries> out = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".conf")).toList()) {
        BootEntries.parse(Files.readString(f)).ifPresent(e -> out.put(e.deploymentIndex(), e));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private List<AdminDeployment> adminStatus() {
    return AdminStatusParser.parse(adminStatusText());
  }

  private String run(String... argv) {
    return runner.run(Command.of(argv)).orThrow().stdout();
  }
}
