package org.openeuler.nestos.ostree.core.image;

import java.util.List;
import java.util.Map;

/** What the importer needs from an image config: its labels and the uncompressed layer digests. */
public record ImageConfig(Map<String, String> labels, List<OciDigest> diffIds) {

  public ImageConfig {
    labels = Map.copyOf(labels);
    diffIds = List.copyOf(diffIds);
  }
}
