package org.brickbox.fuse;

import java.io.Serializable;

/**
 * How the evidence combines. A view's value for a reference view is {@code cosine + shapeWeight · exp(-d /
 * shapeScale)}, d being the scaled L1 distance of the two silhouettes; a part's score for the view pools the values
 * of all its reference views: the best one when {@code poolTemperature} is 0, else the log-mean-exp at that
 * temperature, which lets several close reference views outvote one lucky match. Fitted on validation views
 * ({@link FusionEvaluation#fit}); {@link #EMBEDDING_ONLY} is the nearest reference view's cosine alone.
 */
public record FusionWeights(double shapeWeight, double shapeScale, double poolTemperature) implements Serializable {
  public static final FusionWeights EMBEDDING_ONLY = new FusionWeights(0, 1, 0);

  public FusionWeights {
    if (shapeWeight < 0 || shapeScale <= 0 || poolTemperature < 0) {
      throw new IllegalArgumentException(
          "fusion weights must be shapeWeight >= 0, shapeScale > 0 and poolTemperature >= 0");
    }
  }

  /** The shape term of a silhouette distance; 0 for NaN, a view without a silhouette (a photo's whole frame). */
  double shapeTerm(double distance) {
    return shapeWeight == 0 || Double.isNaN(distance) ? 0 : shapeWeight * Math.exp(-distance / shapeScale);
  }

  /** Pools one part's reference-view values: their maximum, or their log-mean-exp at the temperature. */
  double pool(double[] values, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) max = Math.max(max, values[i]);
    if (poolTemperature == 0 || n == 1) return max;
    double sum = 0;
    for (int i = 0; i < n; i++) sum += Math.exp((values[i] - max) / poolTemperature);
    return max + poolTemperature * Math.log(sum / n);
  }
}
