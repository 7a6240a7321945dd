package org.openeuler.nestos.ostree.core.image;

import java.util.List;
import java.util.Map;

/** A single-platform image manifest (OCI or Docker schema 2): config, layers in order, annotations. */
public record ImageManifest(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {

  public ImageManifest {
    layers = List.copyOf(layers);
    annotations = Map.copyOf(annotations);
  }
}
