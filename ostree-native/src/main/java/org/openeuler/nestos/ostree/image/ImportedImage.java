package org.openeuler.nestos.ostree.image;

import org.openeuler.nestos.ostree.core.image.OciDigest;

/**
 * An image now in the target repo: its commit (equal to the {@code ostree.commit} label), version
 * and digest.
 */
public record ImportedImage(String commit, String version, OciDigest manifestDigest) {}
