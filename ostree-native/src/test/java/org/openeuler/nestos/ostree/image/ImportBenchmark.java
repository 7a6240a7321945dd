package org.openeuler.nestos.ostree.image;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.testing.LocalRegistry;

/**
 * Import of a ~N MB (default 200) image from the local registry: our importer (max heap sampled
 * every 50 ms) vs {@code skopeo copy} to an {@code oci:} dir + tar extract of the same objects +
 * {@code ostree pull-local}. Run by {@code scripts/bench-ostree-import} (forked JVM with {@code
 * -Xmx64m}). Generated data goes to a temp dir.
 */
public final class ImportBenchmark {

  private ImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int mb = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    ProcessCommandRunner run = new ProcessCommandRunner(HostNamespace.NONE);
    Path work = Files.createTempDirectory(Path.of("/var/tmp"), "nestos-bench-");
    try (LocalRegistry registry = LocalRegistry.plain().start(work)) {
      Path tree = NestosTrees.write(Files.createDirectories(work.resolve("tree")), "bench");
      Random random = new Random(42);
      byte[] buf = new byte[1 << 20];
      Files.createDirectories(tree.resolve("usr/share/bench"));
      for (int i = 0; i < mb; i++) {
        random.nextBytes(buf);
        Files.write(tree.resolve("usr/share/bench/f" + i), buf);
      }
      Encapsulator enc = new Encapsulator(run);
      String commit =
          enc.commit(work.resolve("build"), tree, "bench", Instant.parse("2024-06-01T00:00:00Z"));
      OciLayout layout = new OciLayout(work.resolve("oci"));
      EncapsulatedImage image = enc.encapsulate(work.resolve("build"), commit, layout, "bench");
      Trees.deleteRecursively(tree);
      RegistryClient client = registry.client();
      DockerReference ref = registry.ref("bench/os:1");
      OciDigest digest = new RegistryPublisher(client).push(layout, image.manifestDigest(), ref);
      System.out.printf(
          "image: %d MiB tree, layer %.1f MiB, manifest %s%n",
          mb, image.layer().size() / 1048576.0, digest);

      run.run(Command.of("ostree", "init", "--repo=" + work.resolve("ours"), "--mode=bare"))
          .orThrow();
      var heap = ManagementFactory.getMemoryMXBean();
      AtomicLong max = new AtomicLong();
      Thread sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  max.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.setDaemon(true);
      sampler.start();
      long t0 = System.nanoTime();
      new OstreeImporter(run, work.resolve("tmp"))
          .importImage(new RegistryImageSource(client, ref), digest, work.resolve("ours"));
      long ours = System.nanoTime() - t0;
      sampler.interrupt();

      long t1 = System.nanoTime();
      run.run(
              Command.of(
                  "skopeo",
                  "copy",
                  "--src-tls-verify=false",
                  "docker://" + registry.host() + "/bench/os@" + digest,
                  "oci:" + work.resolve("skopeo-oci") + ":1"))
          .orThrow();
      long skopeo = System.nanoTime() - t1;
      Path extract = work.resolve("extract");
      Path extractedRepo = extract.resolve("sysroot/ostree/repo");
      Files.createDirectories(extractedRepo);
      run.run(Command.of("ostree", "init", "--repo=" + extractedRepo, "--mode=bare")).orThrow();
      run.run(
              Command.of(
                  "tar",
                  "-xzf",
                  work.resolve("skopeo-oci/blobs/sha256/" + image.layer().digest().hex())
                      .toString(),
                  "-C",
                  extract.toString(),
                  "--numeric-owner",
                  "-p"))
          .orThrow();
      long tar = System.nanoTime() - t1 - skopeo;
      run.run(Command.of("ostree", "init", "--repo=" + work.resolve("theirs"), "--mode=bare"))
          .orThrow();
      run.run(
              Command.of(
                  "ostree",
                  "pull-local",
                  "--repo=" + work.resolve("theirs"),
                  "--untrusted",
                  extractedRepo.toString(),
                  commit))
          .orThrow();
      long reference = System.nanoTime() - t1;
      System.out.printf(
          "ours: import (registry stream + verify + extract + pull-local): %.2f s, max heap used %.1f MiB"
              + " (-Xmx %d MiB)%n",
          ours / 1e9, max.get() / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(
          "reference: skopeo copy %.2f s + tar extract %.2f s + pull-local %.2f s = %.2f s%n",
          skopeo / 1e9, tar / 1e9, (reference - skopeo - tar) / 1e9, reference / 1e9);
      System.out.printf("ratio ours/reference: %.2f%n", (double) ours / reference);
    } finally {
      NestosTrees.deleteSysroot(work);
    }
  }
}
