package org.brickbox.fuse;

import java.util.Locale;
import org.brickbox.embed.Vectors;

/** How one photo's crops are combined into one similarity per reference view. */
public enum CropPooling {
  /** The mean of the crops' cosines: every crop's evidence counts. */
  MEAN,
  /** The best crop's cosine: the crop that looks most like some reference view speaks for the photo. */
  MAX;

  double pool(float[][] crops, float[] reference) {
    double result = this == MAX ? Double.NEGATIVE_INFINITY : 0;
    for (float[] crop : crops) {
      double s = Vectors.dot(crop, reference);
      result = this == MAX ? Math.max(result, s) : result + s / crops.length;
    }
    return result;
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
