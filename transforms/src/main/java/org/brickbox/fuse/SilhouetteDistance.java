package org.brickbox.fuse;

import java.util.List;

/**
 * How far apart two silhouettes are: the weighted mean, over their {@link ShapeCues#FEATURES}, of each feature's
 * difference in units of its spread over an index's rendered references. Elongation counts
 * {@link #ELONGATION_WEIGHT} times another feature: the photo proxy's misses are mostly length near-twins (bricks
 * 1x8 / 1x10 / 1x12, axles 10 / 12, plates 6x14 / 6x16), which differ in little else. Seven Hu moments were compared
 * beside these until fuse version 4; their higher orders swing with small changes of an outline (a photo's
 * segmentation, a shadow kept or lost) and drowned the elongation: leaving them out, with elongation on a log scale
 * and counted twice, was chosen on half of the proxy's parts and confirmed on the other half (BENCHMARKS.md,
 * "silhouette distance by elongation").
 *
 * <p>A photo taken by a camera of known scale ({@code --pixelsPerMm}) also has a size: its part's length in
 * millimetres ({@link ShapeCues#length}, along the part whatever its angle), compared with each rendered view's (its
 * camera known) as the log of their ratio. Length near-twins differ by it even where their outlines agree; it joins
 * the mean with {@link #SIZE_WEIGHT} only when both sides have a size, so renders (whose queries carry none) and
 * uncalibrated photos are compared as before.
 *
 * <p>Where a silhouette's surface repeats clearly along its length ({@link PeriodCount}: studs, holes, tubes), the
 * count is judged against all of the candidate part's counted views ({@link ReferenceIndex#periodsMismatch}) and joins
 * the mean with {@link #PERIODS_WEIGHT}: a 1 x 8 brick counts 8 from every side its studs or tubes show, however
 * foreshortened, where its outline can pass for a 1 x 10's.
 */
public final class SilhouetteDistance {
  static final double ELONGATION_WEIGHT = 2;
  /** The size's weight in the mean, beside elongation's 2 and the other features' 1. */
  static final double SIZE_WEIGHT = 0.5;
  /** The size's unit: a log size ratio of 0.05 (5 %) counts as one unit of another feature's spread. */
  static final double SIZE_SCALE = 0.05;
  /**
   * The repeat count's weight in the mean ({@link ShapeDescriptor#periods}), where the silhouette has one; with its
   * unit and tolerance chosen on the first 85 proxy captures and confirmed on the others (BENCHMARKS.md, "Now: the
   * repeats along a part").
   */
  static final double PERIODS_WEIGHT = 1;
  /** The unit of the repeat count's mismatch (0..1, {@link ReferenceIndex#periodsMismatch}) against a feature's. */
  static final double PERIODS_SCALE = 0.25;
  /** Counts within this log ratio agree (10 %: 1 x 8 against 1 x 10 is 22 %). */
  static final double PERIODS_TOLERANCE = 0.1;
  /** The smallest unit of a feature: a feature that hardly varies must not turn noise into distance. */
  static final double MIN_SCALE = 1e-3;

  /** The weights' sum: elongation's and one for each other feature. */
  private static final double WEIGHT_SUM = ELONGATION_WEIGHT + ShapeCues.FEATURES.length - 1;

  private final float[] scale;

  private SilhouetteDistance(float[] scale) {
    this.scale = scale;
  }

  /**
   * The distance in units of the spread of the rendered references' features (per feature, floored). A user's
   * photos are left out: their silhouettes come from segmentation, or there is none.
   */
  public static SilhouetteDistance over(List<ReferenceView> views) {
    int n = ShapeCues.FEATURES.length;
    double[] sum = new double[n];
    double[] sumSq = new double[n];
    int count = 0;
    for (ReferenceView v : views) {
      if (v.photo() || v.shape() == null) continue;
      count++;
      float[] f = v.shape().features();
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

  /** The distance of two silhouettes; NaN when either is null (no silhouette, e.g. a photo used whole). */
  public double between(ShapeDescriptor a, ShapeDescriptor b) {
    return between(a, Double.NaN, b, Double.NaN);
  }

  /**
   * The distance of two silhouettes and, where both are known (finite, positive), their sizes in millimetres; NaN
   * when either silhouette is null.
   */
  public double between(ShapeDescriptor a, double aSizeMm, ShapeDescriptor b, double bSizeMm) {
    return between(a, aSizeMm, b, bSizeMm, Double.NaN);
  }

  /**
   * {@link #between(ShapeDescriptor, double, ShapeDescriptor, double)} with how far {@code a}'s repeat count is from
   * {@code b}'s part's ({@link ReferenceIndex#periodsMismatch}, 0..1; NaN for none).
   */
  public double between(ShapeDescriptor a, double aSizeMm, ShapeDescriptor b, double bSizeMm, double periodsMismatch) {
    if (a == null || b == null) return Double.NaN;
    float[] x = a.features();
    float[] y = b.features();
    double sum = 0;
    double weights = WEIGHT_SUM;
    for (int i = 0; i < x.length; i++) sum += weight(i) * Math.abs(x[i] - y[i]) / scale[i];
    if (!Double.isNaN(periodsMismatch)) {
      sum += PERIODS_WEIGHT * periodsMismatch / PERIODS_SCALE;
      weights += PERIODS_WEIGHT;
    }
    if (aSizeMm > 0 && bSizeMm > 0 && Double.isFinite(aSizeMm) && Double.isFinite(bSizeMm)) {
      sum += SIZE_WEIGHT * Math.abs(Math.log(aSizeMm / bSizeMm)) / SIZE_SCALE;
      weights += SIZE_WEIGHT;
    }
    return sum / weights;
  }

  private static double weight(int feature) {
    return feature == ShapeCues.ELONGATION ? ELONGATION_WEIGHT : 1;
  }
}
