/**
 * ostree-native container images on NestOS: image references, the OCI registry client, OCI image to
 * ostree commit, the kernel-argument model, rpm-ostree commands and the {@code OsHost}/{@code
 * CommandRunner} ports. Filled in by the ostree-native issue; pure parts live under {@code
 * ..core..} (checked by ArchUnit).
 */
package org.openeuler.nestos.ostree;
