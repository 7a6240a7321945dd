package org.openeuler.nestos.rubik.core.plan;

import org.openeuler.nestos.api.v1alpha1.FeatureBackend;

/**
 * The backend a feature uses on one node.
 *
 * @param feature the feature
 * @param backend the chosen backend, {@link Backend#UNSUPPORTED} when none works
 * @param fallback true when a better backend (rubik's openEuler interface first) was not usable
 * @param detail why this backend (what was missing), for status messages
 */
public record BackendChoice(Feature feature, Backend backend, boolean fallback, String detail) {

  /** The API form for {@code RubikSummary.backends}. */
  public FeatureBackend toApi() {
    return new FeatureBackend(Features.apiName(feature), Features.label(backend));
  }
}
