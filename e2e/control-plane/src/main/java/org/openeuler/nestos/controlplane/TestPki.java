package org.openeuler.nestos.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The certificates a control plane needs, made with the real {@code openssl} (EC P-256, fast): a
 * CA, the apiserver's serving certificate (127.0.0.1, localhost, kubernetes.default.svc), client
 * certificates signed by the CA (an admin in {@code system:masters}, the controller manager), and
 * the service-account signing key pair the TokenRequest API uses.
 */
final class TestPki {

  final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  static TestPki create(Path dir) throws IOException {
    Files.createDirectories(dir);
    TestPki pki = new TestPki(dir);
    pki.openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "3650",
        "-subj",
        "/CN=nestos-test-ca");
    Files.writeString(
        dir.resolve("serving.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\n"
            + "extendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    pki.signed("apiserver", "/CN=kube-apiserver", "serving.ext", "ec");
    // client keys are RSA: fabric8 reads EC private keys only with BouncyCastle on the classpath
    pki.signed("admin", "/O=system:masters/CN=nestos-test-admin", "client.ext", "rsa");
    pki.signed("controller-manager", "/CN=system:kube-controller-manager", "client.ext", "rsa");
    pki.openssl(
        "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "sa.key");
    pki.openssl("pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub");
    return pki;
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  private void signed(String name, String subject, String extensions, String keyType)
      throws IOException {
    openssl(
        "req",
        "-newkey",
        keyType,
        "-pkeyopt",
        keyType.equals("ec") ? "ec_paramgen_curve:prime256v1" : "rsa_keygen_bits:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        subject);
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        name + ".crt",
        "-days",
        "3650",
        "-extfile",
        extensions);
  }

  private void openssl(String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("openssl"));
    argv.addAll(List.of(args));
    Path log = dir.resolve("openssl.log");
    Process p =
        new ProcessBuilder(argv)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("openssl failed: " + argv + "\n" + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + argv, e);
    }
  }
}
