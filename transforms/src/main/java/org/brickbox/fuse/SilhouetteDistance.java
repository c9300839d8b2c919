package org.brickbox.fuse;

import java.util.List;

/**
 * How far apart two silhouettes are: a weighted L1 distance over their {@link ShapeCues#FEATURES}, each in units of
 * its spread over an index's rendered references, divided by the number of features. Two choices, both measured on
 * the photo proxy (BENCHMARKS.md, "Silhouette distance"):
 *
 * <ul>
 *   <li>the aspect ratio is compared as its logarithm, the part's elongation. Near-twins (bricks 1x8 / 1x10 / 1x12,
 *       axles 10 / 12, plates 6x14 / 6x16) differ by a ratio of lengths; on the linear scale their aspects crowd
 *       together near 0 (0.125 against 0.1 from above) while square parts spread over the rest of the range, so
 *       the difference that separates them was a small fraction of one unit. It counts {@link #ELONGATION_WEIGHT}
 *       times a feature;
 *   <li>the seven Hu moments count {@link #HU_WEIGHT} each: the higher ones swing with small changes to the outline
 *       (a photo's segmentation, a shadow kept or lost), which drowned the elongation among twelve terms.
 * </ul>
 */
public final class SilhouetteDistance {
  /** Position of the aspect ratio (short over long side) in {@link ShapeCues#FEATURES}. */
  static final int ASPECT = 7;
  /** Aspects below this (a part 100 times longer than wide) are compared as this: the log must stay finite. */
  static final double MIN_ASPECT = 0.01;
  static final double ELONGATION_WEIGHT = 2;
  static final double HU_WEIGHT = 0;
  /** The smallest unit of a feature: a feature that hardly varies must not turn noise into distance. */
  static final double MIN_SCALE = 1e-3;

  private final float[] scale;

  private SilhouetteDistance(float[] scale) {
    this.scale = scale;
  }

  /** A silhouette's features as this distance compares them (a new array), or null for no silhouette. */
  public static float[] comparable(ShapeDescriptor shape) {
    if (shape == null) return null;
    float[] f = shape.features().clone();
    f[ASPECT] = (float) Math.log(Math.max(MIN_ASPECT, f[ASPECT]));
    return f;
  }

  /**
   * The distance in units of the spread of the rendered references' {@link #comparable} features (per feature,
   * floored). A user's photos are left out: their silhouettes come from segmentation, or there is none.
   */
  public static SilhouetteDistance over(List<ReferenceView> views) {
    int n = ShapeCues.FEATURES.length;
    double[] sum = new double[n];
    double[] sumSq = new double[n];
    int count = 0;
    for (ReferenceView v : views) {
      if (v.photo() || v.shape() == null) continue;
      count++;
      float[] f = comparable(v.shape());
      for (int i = 0; i < n; i++) {
        sum[i] += f[i];
        sumSq[i] += (double) f[i] * f[i];
      }
    }
    float[] scale = new float[n];
    count = Math.max(1, count);
    for (int i = 0; i < n; i++) {
      double mean = sum[i] / count;
      scale[i] = (float) Math.max(MIN_SCALE, Math.sqrt(Math.max(0, sumSq[i] / count - mean * mean)));
    }
    return new SilhouetteDistance(scale);
  }

  /** Per feature, its unit (what an index's manifest records). */
  public float[] scale() {
    return scale.clone();
  }

  /** The distance of two {@link #comparable} feature arrays; NaN when either is null (no silhouette). */
  public double between(float[] a, float[] b) {
    if (a == null || b == null) return Double.NaN;
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += weight(i) * Math.abs(a[i] - b[i]) / scale[i];
    return sum / a.length;
  }

  private static double weight(int feature) {
    if (feature == ASPECT) return ELONGATION_WEIGHT;
    return feature < ASPECT ? HU_WEIGHT : 1;
  }
}
