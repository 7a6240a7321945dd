package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.update.HostPullCredentials;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.image.EncapsulatedImage;
import org.openeuler.nestos.ostree.image.NestosImages;
import org.openeuler.nestos.ostree.image.NestosTrees;
import org.openeuler.nestos.ostree.image.RegistryImageSource;
import org.openeuler.nestos.ostree.registry.DockerConfig;
import org.openeuler.nestos.ostree.testing.LocalRegistry;

/**
 * {@code imagePolicy.pullSecretName} reaching the node, on real host parts: a real {@code
 * docker-registry} with htpasswd basic auth, a real ostree sysroot whose backend reads its
 * credentials from the host's {@code /etc/ostree/auth.json} only (as rpm-ostree does), and the
 * whole daemon reading the pull Secret from its namespace. Without the Secret the pull is refused
 * (401); with it the daemon writes that registry's entry (0600, merged with the admin's entries),
 * stages, and removes the entry when the spec no longer names the Secret. The password appears in
 * no log line, status or event.
 */
class PullSecretRealOstreeIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String NS = "nestos-pull";
  static final String PASSWORD = "Pull-s3cret-never-logged";
  static final String ADMIN_ENTRY =
      "{\"auths\":{\"quay.io\":{\"auth\":\""
          + Base64.getEncoder().encodeToString("admin:admin-own".getBytes(StandardCharsets.UTF_8))
          + "\"}}}";

  static TestApiServer server;
  static LocalRegistry registry;
  static Path work;
  static EncapsulatedImage imageA;
  static EncapsulatedImage imageB;
  static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  static PrintStream originalErr;

  @BeforeAll
  static void up() throws Exception {
    for (String tool : new String[] {"/usr/bin/ostree", LocalRegistry.BINARY}) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new IllegalStateException(
            tool + " missing: apt-get install ostree docker-registry (scripts/install-tools)");
      }
    }
    // slf4j-simple writes to the current System.err: keep a copy of every log line
    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));
    work = Files.createTempDirectory("nestos-daemon-pull-");
    server = TestApiServer.start();
    registry = LocalRegistry.withBasicAuth("nestos", PASSWORD).start(work);
    imageA = NestosImages.publish(registry, registry.client(), work, "1", null);
    imageB = NestosImages.publish(registry, registry.client(), work, "2", null);
  }

  @AfterAll
  static void down() throws Exception {
    if (originalErr != null) {
      System.setErr(originalErr);
    }
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (work != null) {
      NestosTrees.deleteSysroot(work);
    }
  }

  static String plain(EncapsulatedImage image) {
    return registry.host() + "/nestos/os@" + image.manifestDigest();
  }

  /** A node whose ostree backend has no credentials but the host's auth file. */
  DaemonFixture node() throws Exception {
    // the first boot (image A) is the node's installation: the admin's own login, removed after
    Path adminAuth = Files.createTempFile(work, "install-auth", ".json");
    Files.writeString(
        adminAuth,
        "{\"auths\":{\""
            + registry.host()
            + "\":{\"auth\":\""
            + Base64.getEncoder()
                .encodeToString(("nestos:" + PASSWORD).getBytes(StandardCharsets.UTF_8))
            + "\"}}}");
    boolean[] installed = {false};
    DaemonFixture n =
        DaemonFixture.onRealOstree(
            server,
            work,
            registry,
            plain(imageA),
            imageA.commit(),
            new ProcessCommandRunner(HostNamespace.NONE),
            root ->
                img ->
                    RegistryImageSource.factory(
                            registry.clientOptions().withCredentials(DockerConfig.empty()),
                            installed[0]
                                ? root.resolve(HostPullCredentials.AUTH_FILE.substring(1))
                                : adminAuth)
                        .apply(img));
    installed[0] = true;
    n.namespace = NS;
    return n;
  }

  @Test
  void thePullSecretReachesTheHostAuthFileForTheStagedImageOnlyAndLeavesAfterwards()
      throws Exception {
    try (KubernetesClient admin =
            new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
        DaemonFixture n = node()) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
      String dockerConfig =
          "{\"auths\":{\""
              + registry.host()
              + "\":{\"username\":\"nestos\",\"password\":\""
              + PASSWORD
              + "\"},\"other.example.com\":{\"username\":\"o\",\"password\":\"other-pass\"}}}";
      admin
          .secrets()
          .inNamespace(NS)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("os-pull")
                  .withNamespace(NS)
                  .endMetadata()
                  .withType("kubernetes.io/dockerconfigjson")
                  .withData(
                      Map.of(
                          ".dockerconfigjson",
                          Base64.getEncoder()
                              .encodeToString(dockerConfig.getBytes(StandardCharsets.UTF_8))))
                  .build())
          .create();
      Path authFile = n.root.resolve("etc/ostree/auth.json");
      Files.createDirectories(authFile.getParent());
      Files.writeString(authFile, ADMIN_ENTRY);
      n.start();

      // 1. no pull secret: the registry refuses the node's anonymous pull
      n.create(n.spec("r1", plain(imageB), null, null, OsUpdateRealOstreeIT.stage("r1")));
      await()
          .atMost(WAIT)
          .until(() -> "True/ApplyFailed".equals(DaemonFixture.condition(n.get(), "Degraded")));
      assertThat(OsUpdateRealOstreeIT.message(n.get(), "Degraded")).contains("401");

      // 2. a pull secret the daemon cannot find: PullSecretMissing, nothing written
      ImagePolicy missing = new ImagePolicy(ImagePolicy.Verification.Unverified, null, "absent");
      n.update(s -> n.spec("r2", plain(imageB), missing, null, OsUpdateRealOstreeIT.stage("r2")));
      await()
          .atMost(WAIT)
          .until(
              () -> "True/PullSecretMissing".equals(DaemonFixture.condition(n.get(), "Degraded")));
      assertThat(OsUpdateRealOstreeIT.message(n.get(), "Degraded"))
          .contains("pull secret " + NS + "/absent does not exist");
      assertThat(Files.readString(authFile)).isEqualTo(ADMIN_ENTRY);

      // 3. the Secret: written for the image's registry only, 0600, and the stage pulls with it
      ImagePolicy pull = new ImagePolicy(ImagePolicy.Verification.Unverified, null, "os-pull");
      n.update(s -> n.spec("r3", plain(imageB), pull, null, OsUpdateRealOstreeIT.stage("r3")));
      await().atMost(WAIT).until(() -> "r3".equals(n.status().stagedRevision()));
      assertThat(n.sysroot.status().staged().orElseThrow().checksum()).isEqualTo(imageB.commit());
      var auths = new ObjectMapper().readTree(Files.readString(authFile)).get("auths");
      assertThat(auths.has(registry.host())).isTrue();
      assertThat(auths.has("quay.io")).as("the admin's entry is kept").isTrue();
      assertThat(auths.has("other.example.com")).as("only the staged registry").isFalse();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile)))
          .isEqualTo("rw-------");

      // 4. the spec no longer names the Secret: our entry goes, the admin's file is as it was
      n.update(s -> n.spec("r4", plain(imageB), null, null, OsUpdateRealOstreeIT.stage("r4")));
      await().atMost(WAIT).until(() -> !Files.readString(authFile).contains(registry.host()));
      assertThat(new ObjectMapper().readTree(Files.readString(authFile)))
          .isEqualTo(new ObjectMapper().readTree(ADMIN_ENTRY));

      // never logged, never in status or events
      String encoded =
          Base64.getEncoder()
              .encodeToString(("nestos:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      String everything =
          logs.toString(StandardCharsets.UTF_8)
              + new ObjectMapper().writeValueAsString(n.get())
              + new ObjectMapper().writeValueAsString(admin.v1().events().inAnyNamespace().list());
      assertThat(logs.toString(StandardCharsets.UTF_8))
          .as("the daemon logged the write")
          .contains("credentials of pull secret os-pull written");
      assertThat(everything).doesNotContain(PASSWORD).doesNotContain(encoded);
    }
  }

  /** Copies what is written to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      synchronized (b) {
        b.write(x);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      synchronized (b) {
        b.write(buf, off, len);
      }
    }
  }
}
