package org.openeuler.nestos.operator.rollout;

import org.openeuler.nestos.operator.image.ImageCheck;

/**
 * Checks an OSVersion's image before any node is touched; production uses {@code
 * ImageVerifier::check}.
 */
@FunctionalInterface
public interface ImageChecker {
  ImageCheck check(String osImage, String pullSecretName);
}
