package org.brickbox.fuse;

import java.io.Serializable;

/**
 * How the cues combine: a view's score for a reference view is {@code cosine + shapeWeight · exp(-d / shapeScale)},
 * d being the scaled L1 distance of the two silhouettes. Fitted on validation views ({@link FusionCalibration});
 * {@code shapeWeight = 0} is embedding-only.
 */
public record FusionWeights(double shapeWeight, double shapeScale) implements Serializable {
  public static final FusionWeights EMBEDDING_ONLY = new FusionWeights(0, 1);

  public FusionWeights {
    if (shapeWeight < 0 || shapeScale <= 0) {
      throw new IllegalArgumentException("fusion weights must be shapeWeight >= 0 and shapeScale > 0");
    }
  }

  double shapeTerm(double distance) {
    return shapeWeight == 0 ? 0 : shapeWeight * Math.exp(-distance / shapeScale);
  }
}
