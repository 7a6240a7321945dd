package org.openeuler.nestos.ostree.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.image.LayerEntry.Type;

class LayerEntryPolicyTest {

  private static final String OBJ = "sysroot/ostree/repo/objects/ab/" + "c".repeat(62);
  private final LayerEntryPolicy policy = new LayerEntryPolicy();

  @Test
  void objectsAreExtractedAndCheckoutPathsIgnored() {
    assertThat(
            policy.check(new LayerEntry("sysroot/ostree/repo/objects/ab/", Type.DIRECTORY, null)))
        .isEmpty();
    assertThat(policy.check(new LayerEntry("./" + OBJ + ".file", Type.FILE, null)))
        .contains("ab/" + "c".repeat(62) + ".file");
    assertThat(policy.check(new LayerEntry("usr/bin/bash", Type.HARDLINK, OBJ + ".file")))
        .isEmpty();
    assertThat(policy.check(new LayerEntry(OBJ + ".dirtree", Type.FILE, null))).isPresent();
    assertThat(
            policy.check(
                new LayerEntry(
                    "sysroot/ostree/repo/objects/ab/" + "d".repeat(62) + ".file",
                    Type.SYMLINK,
                    "/etc/passwd")))
        .isPresent();
  }

  @Test
  void refusesEscapes() {
    refused(new LayerEntry("/etc/passwd", Type.FILE, null), "absolute");
    refused(new LayerEntry("usr/../../etc/passwd", Type.FILE, null), "'..'");
    refused(new LayerEntry("usr//bin", Type.FILE, null), "empty");
    refused(new LayerEntry("usr/x", Type.HARDLINK, "../outside"), "'..'");
    refused(new LayerEntry("usr/x", Type.HARDLINK, "usr/never-seen"), "not an earlier entry");
    refused(new LayerEntry("dev/sda", Type.OTHER, null), "devices");
  }

  @Test
  void refusesEntriesBelowASymlinkOfTheLayer() {
    policy.check(new LayerEntry("sysroot/ostree", Type.SYMLINK, "/"));
    refused(
        new LayerEntry(
            "sysroot/ostree/repo/objects/ab/" + "c".repeat(62) + ".file", Type.FILE, null),
        "below the symlink \"sysroot/ostree\"");
  }

  @Test
  void refusesWhiteoutsAndOpaqueDirectories() {
    refused(new LayerEntry("usr/bin/.wh.bash", Type.FILE, null), "whiteout");
    refused(new LayerEntry("usr/.wh..wh..opq", Type.FILE, null), "opaque");
  }

  @Test
  void refusesOddObjectStoreEntries() {
    refused(
        new LayerEntry("sysroot/ostree/repo/objects/ab/zz.file", Type.FILE, null),
        "not an ostree object");
    refused(new LayerEntry(OBJ + ".commit", Type.SYMLINK, "x"), "only .file objects");
    policy.check(new LayerEntry("usr/lib/x", Type.FILE, null));
    refused(new LayerEntry(OBJ + ".file", Type.HARDLINK, "usr/lib/x"), "non-object");
  }

  @Test
  void namesWithNewlinesAndEscapesAreEscapedInErrors() {
    assertThatThrownBy(
            () ->
                policy.check(
                    new LayerEntry("usr/x\nlayer verified: OK\u001b[2J/.wh.y", Type.FILE, null)))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("\"usr/x\\nlayer verified: OK\\u001b[2J/.wh.y\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b"));
  }

  @Test
  void longNamesAndLinkTargetsAreRefused() {
    String longName = "usr/" + "a".repeat(LayerLimits.DEFAULT.maxNameBytes());
    refused(new LayerEntry(longName, Type.FILE, null), "at most 4096");
    policy.check(new LayerEntry("usr/t", Type.FILE, null));
    refused(new LayerEntry("usr/l", Type.SYMLINK, "b".repeat(5000)), "link target of 5000 bytes");
    assertThat(LayerEntryPolicy.printable(longName))
        .hasSizeLessThan(300)
        .contains("4100 characters");
  }

  @Test
  void entriesBeyondTheLimitAreRefused() {
    LayerEntryPolicy small = new LayerEntryPolicy(LayerLimits.DEFAULT.withMaxEntries(1000));
    for (int i = 0; i < 1000; i++) {
      small.check(new LayerEntry("usr/f" + i, Type.FILE, null));
    }
    assertThatThrownBy(() -> small.check(new LayerEntry("usr/one-more", Type.FILE, null)))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("limit of 1000 entries");
  }

  @Test
  void hardLinksStillResolveAcrossManyEntries() {
    for (int i = 0; i < 20_000; i++) {
      policy.check(
          new LayerEntry(
              String.format("sysroot/ostree/repo/objects/%02x/%062x.file", i % 256, i),
              Type.FILE,
              null));
    }
    String first = String.format("sysroot/ostree/repo/objects/%02x/%062x.file", 7, 7);
    assertThat(
            policy.check(
                new LayerEntry(
                    String.format("sysroot/ostree/repo/objects/aa/%062x.file", 999_999),
                    Type.HARDLINK,
                    first)))
        .isPresent();
    refused(
        new LayerEntry(OBJ + ".file", Type.HARDLINK, "sysroot/ostree/repo/objects/aa/never"),
        "not an earlier entry");
  }

  private void refused(LayerEntry entry, String why) {
    assertThatThrownBy(() -> policy.check(entry))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(why);
  }
}
