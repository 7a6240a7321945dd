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
import java.util.UUID;
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
 *
 * <p>Crash safety (docs/decisions.md §14): a process killed after any {@code ostree} command leaves
 * a state the next call recognises and finishes, never repeats. A stage records its intent (a token
 * in {@code nestos-sim/staging}, carried by the new deployment's origin) before its deploy, so a
 * deployment made by a killed stage is adopted as the staged one instead of left as an extra copy;
 * a default deployment that is not the booted one is the half-done work of a finalize or a rollback
 * (their redeploy ran), which the retried call completes (removing the old copy) and reboots.
 */
public final class OstreeSysrootHost implements OsHost {

  public static final String OS = "nestos";

  /** The origin key ({@code [nestos]} group) carrying the token of the stage that deployed it. */
  static final String STAGE_TOKEN = "stage-token";

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
    recover();
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
   * {@inheritDoc} Nothing really boots here: the command line is the booted deployment's boot entry
   * options, as a boot loader following the entry passes them.
   */
  @Override
  public List<String> kernelCommandLine() {
    return status().booted().map(Deployment::kernelArguments).orElse(List.of());
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
    recover();
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
    // intent before the deploy: a deployment carrying this token is the staged one, even when the
    // process dies before it is recorded as such
    String token = UUID.randomUUID().toString();
    Path originFile = writeOrigin(imageReference, image.digest().toString(), token);
    state.setStaging(token);
    try {
      run(deployArgv(false, kargs, originFile, imported.commit()).toArray(String[]::new));
    } finally {
      deleteQuietly(originFile);
    }
    recover();
    if (stagedDeployment().isEmpty()) {
      throw new IllegalStateException("the deployment of " + imported.commit() + " is not there");
    }
    return status();
  }

  /**
   * {@inheritDoc} With the {@code ostree} CLI on this sysroot's repository ({@link OstreeRemotes}).
   */
  @Override
  public RemoteSetup ensureRemote(String name, List<String> armoredKeys) {
    return new OstreeRemotes(runner, repo().toString()).ensure(name, armoredKeys);
  }

  /**
   * {@inheritDoc} Redeploys the staged deployment as default, undeploys the staged copy, reboots. A
   * default deployment of {@code checksum} that is not booted is a finalize a killed process began
   * (its redeploy ran): it is completed, not redeployed again.
   */
  @Override
  public void finalizeAndReboot(String checksum) {
    recover();
    boolean redeployed = pending().filter(d -> d.checksum().equals(checksum)).isPresent();
    if (!redeployed) {
      AdminDeployment staged =
          stagedDeployment()
              .orElseThrow(() -> new IllegalStateException("no staged deployment to finalize"));
      if (!staged.checksum().equals(checksum)) {
        throw new IllegalStateException(
            "staged deployment is " + staged.checksum() + ", not " + checksum);
      }
      redeployAsDefault(staged);
    }
    stagedDeployment().ifPresent(s -> undeploy(findById(s.id())));
    state.clearStaged();
    reboot();
  }

  /**
   * {@inheritDoc} Redeploys the rollback deployment (the first after the booted one, pin and all)
   * as default, removes the old copy, reboots. A default deployment that is not booted means a
   * killed rollback already swapped: it is completed, not swapped again.
   */
  @Override
  public void rollback() {
    recover();
    AdminDeployment target = pending().orElse(null);
    if (target == null) {
      String booted = state.booted().orElse("");
      String staged = state.staged().orElse("");
      AdminDeployment old =
          adminStatus().stream()
              .dropWhile(d -> !d.id().equals(booted))
              .skip(1)
              .filter(d -> !d.id().equals(staged))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("RollbackUnavailable: no rollback deployment"));
      redeployAsDefault(old);
      target = adminStatus().get(0);
    }
    removeCopiesOf(target);
    reboot();
  }

  /**
   * A test sysroot has no boot loader, so GRUB never boots another deployment than the default
   * here: nothing to do while the booted one is the default, an error otherwise.
   */
  @Override
  public void makeBootedDefault() {
    recover();
    String booted = state.booted().orElse("");
    List<AdminDeployment> all = adminStatus();
    if (!all.isEmpty() && !all.get(0).id().equals(booted)) {
      throw new IllegalStateException(
          "the booted deployment "
              + booted
              + " is not the default, and a test sysroot has no boot loader to fall back with");
    }
  }

  @Override
  public void pin(String checksum) {
    recover();
    AdminDeployment d =
        adminStatus().stream()
            .filter(a -> a.checksum().equals(checksum))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no deployment of " + checksum));
    if (!d.pinned()) {
      run("ostree", "admin", "pin", "--sysroot=" + sysroot, Integer.toString(d.index()));
    }
  }

  /**
   * As {@code rpm-ostree cleanup -p -r}: every deployment but the booted and the pinned ones goes.
   */
  @Override
  public void cleanup() {
    recover();
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

  /**
   * Finishes what a killed call left: adopts the deployment a stage made before it could record it
   * (its origin carries the recorded token), forgets a staged deployment that is gone, and removes
   * origin files no deploy is going to read.
   */
  private void recover() {
    Optional<String> token = state.staging();
    if (token.isPresent()) {
      adminStatus().stream()
          .filter(d -> token.get().equals(origin(d).get(STAGE_TOKEN)))
          .findFirst()
          .ifPresent(d -> state.setStaged(d.id()));
      state.clearStaging();
    }
    Optional<String> staged = state.staged();
    if (staged.isPresent() && stagedDeployment().isEmpty()) {
      state.clearStaged();
    }
    if (Files.isDirectory(state.dir())) {
      try (Stream<Path> files = Files.list(state.dir())) {
        files
            .filter(f -> f.getFileName().toString().startsWith("origin-"))
            .forEach(OstreeSysrootHost::deleteQuietly);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The default deployment when it is neither the booted nor the staged one: the next boot's
   * deployment, made by a finalize or rollback whose reboot did not happen yet.
   */
  private Optional<AdminDeployment> pending() {
    String booted = state.booted().orElse(null);
    String staged = state.staged().orElse("");
    if (booted == null) {
      return Optional.empty();
    }
    return adminStatus().stream()
        .takeWhile(d -> !d.id().equals(booted))
        .filter(d -> !d.id().equals(staged))
        .findFirst();
  }

  /**
   * Removes every other non-booted, non-staged deployment of the target's commit (unpinned first).
   */
  private void removeCopiesOf(AdminDeployment target) {
    String booted = state.booted().orElse("");
    String staged = state.staged().orElse("");
    while (true) {
      Optional<AdminDeployment> copy =
          adminStatus().stream()
              .filter(
                  d ->
                      !d.id().equals(target.id())
                          && !d.id().equals(booted)
                          && !d.id().equals(staged)
                          && d.checksum().equals(target.checksum()))
              .findFirst();
      if (copy.isEmpty()) {
        return;
      }
      if (copy.get().pinned()) {
        run(
            "ostree",
            "admin",
            "pin",
            "--sysroot=" + sysroot,
            "--unpin",
            Integer.toString(copy.get().index()));
      }
      undeploy(findById(copy.get().id()));
    }
  }

  private static void deleteQuietly(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private Path writeOrigin(String reference, String digest, String token) {
    try {
      Files.createDirectories(state.dir());
      Path f = state.dir().resolve("origin-" + token + ".conf");
      Files.writeString(
          f,
          "[origin]\ncontainer-image-reference="
              + reference
              + "\n\n[nestos]\nmanifest-digest="
              + digest
              + "\n"
              + STAGE_TOKEN
              + "="
              + token
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
