package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.daemon.update.HostPullCredentials.Outcome;
import org.openeuler.nestos.daemon.update.HostPullCredentials.PullSecretException;
import org.openeuler.nestos.ostree.registry.AuthFile;
import org.openeuler.nestos.ostree.registry.Credentials;

/**
 * The host's {@code /etc/ostree/auth.json} under a temp host root (real files, real modes): only
 * the staged image's registry is written, 0600, merged with the admin's entries; removed again when
 * no spec needs it; an admin's own entry for the registry is never touched.
 */
class HostPullCredentialsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String REG = "registry.example.com:5000";
  static final String OTHER = "other.example.com";
  static final String PASSWORD = "p4ss-w0rd-never-logged";

  @TempDir Path root;

  final Map<String, String> secrets = new HashMap<>();

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String dockerConfig(String user, String password) {
    return "{\"auths\":{\""
        + REG
        + "\":{\"auth\":\""
        + b64(user + ":" + password)
        + "\"},\""
        + OTHER
        + "\":{\"username\":\"o\",\"password\":\"other-secret\"}}}";
  }

  HostPullCredentials credentials() {
    return new HostPullCredentials(
        new RootedHostFs(root),
        name -> {
          String s = secrets.get(name);
          if (s == null) {
            throw new PullSecretException("pull secret " + name + " does not exist");
          }
          return s.getBytes(StandardCharsets.UTF_8);
        });
  }

  Path authFile() {
    return root.resolve("etc/ostree/auth.json");
  }

  JsonNode auths() throws Exception {
    return JSON.readTree(Files.readString(authFile())).get("auths");
  }

  @Test
  void writesOnlyThatRegistrysEntryWithMode0600ThenRemovesTheFileItCreated() throws Exception {
    secrets.put("pull", dockerConfig("nestos", PASSWORD));
    HostPullCredentials c = credentials();

    assertThat(c.ensure(REG, "pull")).isEqualTo(Outcome.WRITTEN);
    assertThat(auths().get(REG).get("auth").asText()).isEqualTo(b64("nestos:" + PASSWORD));
    assertThat(auths().has(OTHER)).as("only the staged image's registry").isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile())))
        .isEqualTo("rw-------");
    String owned = Files.readString(root.resolve("var/lib/nestos/pull-auth-owned.json"));
    assertThat(owned).doesNotContain(PASSWORD).doesNotContain(b64("nestos:" + PASSWORD));
    assertThat(c.ensure(REG, "pull")).isEqualTo(Outcome.UNCHANGED);

    c.releaseExcept(REG);
    assertThat(auths().has(REG)).as("still needed").isTrue();
    c.releaseExcept(null);
    assertThat(authFile()).doesNotExist();
    assertThat(root.resolve("var/lib/nestos/pull-auth-owned.json")).doesNotExist();
  }

  @Test
  void mergesWithTheAdminsEntriesAndRestoresTheFileAsItWas() throws Exception {
    String admin = "{\"auths\":{\"quay.io\":{\"auth\":\"" + b64("a:b") + "\"}},\"x\":1}";
    Files.createDirectories(authFile().getParent());
    Files.writeString(authFile(), admin);
    secrets.put("pull", dockerConfig("nestos", PASSWORD));
    HostPullCredentials c = credentials();

    c.ensure(REG, "pull");
    assertThat(auths().has("quay.io")).isTrue();
    assertThat(auths().has(REG)).isTrue();

    c.releaseExcept(null);
    assertThat(JSON.readTree(Files.readString(authFile()))).isEqualTo(JSON.readTree(admin));
  }

  @Test
  void anAdminsEntryForTheRegistryIsLeftAndNeverRemoved() throws Exception {
    String admin = "{\"auths\":{\"" + REG + "\":{\"auth\":\"" + b64("admin:own") + "\"}}}";
    Files.createDirectories(authFile().getParent());
    Files.writeString(authFile(), admin);
    secrets.put("pull", dockerConfig("nestos", PASSWORD));
    HostPullCredentials c = credentials();

    assertThat(c.ensure(REG, "pull")).isEqualTo(Outcome.ADMIN_OWNED);
    c.releaseExcept(null);
    assertThat(Files.readString(authFile())).isEqualTo(admin);
  }

  @Test
  void aRotatedSecretIsRewrittenAndAnEntryChangedByTheAdminIsKept() throws Exception {
    secrets.put("pull", dockerConfig("nestos", PASSWORD));
    HostPullCredentials c = credentials();
    c.ensure(REG, "pull");
    secrets.put("pull", dockerConfig("nestos", "rotated"));
    assertThat(c.ensure(REG, "pull")).isEqualTo(Outcome.WRITTEN);
    assertThat(auths().get(REG).get("auth").asText()).isEqualTo(b64("nestos:rotated"));

    // the admin replaces our entry: it is theirs now, release leaves it
    String adminEdit = "{\"auths\":{\"" + REG + "\":{\"auth\":\"" + b64("admin:x") + "\"}}}";
    Files.writeString(authFile(), adminEdit);
    c.releaseExcept(null);
    assertThat(Files.readString(authFile())).isEqualTo(adminEdit);
  }

  @Test
  void aCrashBetweenTheIntentAndTheFileStillKnowsTheEntryIsOurs() throws Exception {
    secrets.put("pull", dockerConfig("nestos", PASSWORD));
    credentials().ensure(REG, "pull");
    // the Secret rotates, and the daemon dies after recording the intent (both fingerprints),
    // before
    // writing the file: the old entry is still on disk
    Path owned = root.resolve("var/lib/nestos/pull-auth-owned.json");
    String rotatedFingerprint =
        AuthFile.fingerprint(AuthFile.authValue(new Credentials("nestos", "rotated")));
    Files.writeString(
        owned, Files.readString(owned).replace("\"]", "\",\"" + rotatedFingerprint + "\"]"));
    secrets.put("pull", dockerConfig("nestos", "rotated"));

    assertThat(credentials().ensure(REG, "pull")).isEqualTo(Outcome.WRITTEN);
    assertThat(auths().get(REG).get("auth").asText()).isEqualTo(b64("nestos:rotated"));
    credentials().releaseExcept(null);
    assertThat(authFile()).doesNotExist();
  }

  @Test
  void missingSecretOrRegistryIsAPullSecretErrorWithoutCredentials() {
    HostPullCredentials c = credentials();
    assertThatThrownBy(() -> c.ensure(REG, "absent"))
        .isInstanceOf(PullSecretException.class)
        .hasMessage("pull secret absent does not exist");
    secrets.put("pull", dockerConfig("nestos", PASSWORD));
    assertThatThrownBy(() -> c.ensure("elsewhere.io", "pull"))
        .isInstanceOf(PullSecretException.class)
        .hasMessage("pull secret pull has no credentials for registry elsewhere.io");
    secrets.put("broken", "{\"auths\":{\"" + REG + "\":{\"auth\":\"" + PASSWORD + "\"}}");
    assertThatThrownBy(() -> c.ensure(REG, "broken"))
        .isInstanceOf(PullSecretException.class)
        .hasMessageNotContaining(PASSWORD);
    assertThat(authFile()).doesNotExist();
  }
}
