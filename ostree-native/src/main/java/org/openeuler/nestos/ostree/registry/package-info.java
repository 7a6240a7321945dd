/**
 * An OCI Distribution API v2 client over the JDK {@link java.net.http.HttpClient}: manifests and
 * image indexes (by tag or digest, verified), blobs streamed with SHA-256 verification, anonymous /
 * basic / bearer-token auth, custom CA, retries with backoff on 429/5xx, typed errors, and push
 * (blobs + manifests). An edge: network I/O. The OCI values it reads and writes are {@code
 * core.image}'s; images are addressed by {@code core.ref.DockerReference}.
 */
package org.openeuler.nestos.ostree.registry;
