package org.openeuler.nestos.ostree.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throwaway CA and a server certificate it signs, made with openssl (argv, no shell). */
public final class TestCertificates {

  private TestCertificates() {}

  /**
   * Writes {@code ca.pem}/{@code ca.key} and {@code server.pem}/{@code server.key} (subjectAltName
   * = the IP or DNS name given, plus localhost) into {@code dir}.
   */
  public static void createCaAndServer(Path dir, String serverName) throws IOException {
    String san = (serverName.matches("[0-9.]+") ? "IP:" : "DNS:") + serverName + ",DNS:localhost";
    Files.writeString(
        dir.resolve("server.ext"),
        "subjectAltName="
            + san
            + "\nbasicConstraints=CA:FALSE\n"
            + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=nestos-test-ca",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    run(
        dir,
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + serverName,
        "-keyout",
        "server.key",
        "-out",
        "server.csr");
    run(
        dir,
        "openssl",
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-set_serial",
        "2",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem");
  }

  private static void run(Path dir, String... argv) throws IOException {
    Process p =
        new ProcessBuilder(List.of(argv)).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", argv) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
