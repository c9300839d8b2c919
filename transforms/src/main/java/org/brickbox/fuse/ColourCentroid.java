package org.brickbox.fuse;

import java.io.Serializable;
import java.util.List;

/**
 * How an LDraw colour looks in the run's images: the mean of the measured median colours of the reference views
 * rendered in it. Learned from the renders, so lighting and shading are part of it.
 */
public record ColourCentroid(int code, String name, float[] rgb) implements Serializable {
  /** The centroid nearest to {@code rgb} (Euclidean in RGB), or null when there are none. */
  public static ColourCentroid nearest(List<ColourCentroid> centroids, float[] rgb) {
    ColourCentroid best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (ColourCentroid c : centroids) {
      double d = 0;
      for (int i = 0; i < 3; i++) d += (c.rgb[i] - rgb[i]) * (double) (c.rgb[i] - rgb[i]);
      if (d < bestDistance || (d == bestDistance && best != null && c.code < best.code)) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }
}
