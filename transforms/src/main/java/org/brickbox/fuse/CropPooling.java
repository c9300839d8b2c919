package org.brickbox.fuse;

import java.util.Locale;
import org.brickbox.embed.Vectors;

/** How one photo's crops are combined into one similarity per reference view. */
public enum CropPooling {
  /** The mean of the crops' cosines: every crop's evidence counts. */
  MEAN,
  /** The best crop's cosine: the crop that looks most like some reference view speaks for the photo. */
  MAX;

  /**
   * The pooled similarity of these crops to any reference vector. The mean of the cosines is the cosine with the
   * crops' mean vector, computed once here: one dot product per reference instead of one per crop (a photo is scored
   * against every reference view of every candidate part, the main cost of fusing).
   */
  java.util.function.ToDoubleFunction<float[]> against(float[][] crops) {
    if (this == MAX) {
      return reference -> {
        double best = Double.NEGATIVE_INFINITY;
        for (float[] crop : crops) best = Math.max(best, Vectors.dot(crop, reference));
        return best;
      };
    }
    double[] sum = new double[crops[0].length];
    for (float[] crop : crops) for (int d = 0; d < sum.length; d++) sum[d] += crop[d];
    float[] mean = new float[sum.length];
    for (int d = 0; d < sum.length; d++) mean[d] = (float) (sum[d] / crops.length);
    return reference -> Vectors.dot(mean, reference);
  }

  public static CropPooling parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("crop pooling must be mean or max, was '" + text + "'");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
