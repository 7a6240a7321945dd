package org.openeuler.nestos.ostree.image;

import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.OciDigest;

/** What {@link Encapsulator#encapsulate} wrote: the manifest digest and the commit it carries. */
public record EncapsulatedImage(
    OciDigest manifestDigest, String commit, String version, Descriptor layer, OciDigest diffId) {}
