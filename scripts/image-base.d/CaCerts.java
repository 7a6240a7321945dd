import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Writes the JRE's trust store from Debian's ca-certificates PEM files, deterministically: a PKCS12
 * store without certificate encryption and without MAC (nothing random, no dates), entries in file
 * name order. Usage: java CaCerts.java out.p12 cert.crt... (scripts/image-base; docs/images.md).
 */
public final class CaCerts {
  public static void main(String[] args) throws Exception {
    System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
    System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<String> files = List.of(args).subList(1, args.length).stream().sorted().toList();
    for (String f : files) {
      try (var in = new FileInputStream(f)) {
        X509Certificate cert = (X509Certificate) cf.generateCertificate(in);
        String alias = Path.of(f).getFileName().toString().replaceFirst("\\.crt$", "").toLowerCase();
        ks.setCertificateEntry(alias, cert);
      }
    }
    try (var out = new FileOutputStream(args[0])) {
      ks.store(out, new char[0]);
    }
    System.out.println(files.size() + " CA certificates -> " + args[0]);
  }
}
