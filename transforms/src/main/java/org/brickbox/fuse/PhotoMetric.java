package org.brickbox.fuse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.brickbox.embed.Vectors;

/**
 * How a photo is compared with a user's photo references: the cosine after the references' mean is taken away and
 * what varies among one part's own photos is whitened out. Photos resemble photos of the same colour, surface and
 * light more than photos of the same part in another colour; the within-part scatter of the references (one part in
 * several colours, poses and lights) measures those directions, and {@code a^T W^-1 b} with W that scatter (shrunk
 * toward its mean variance) counts them less than the directions that tell parts apart. Fitted on the references
 * alone (their labels), never on what is identified.
 */
public final class PhotoMetric {
  /**
   * How far an index's photo metric is pulled toward plain centring: 0.1 and 0.5 gave 46 of 50 three-shot queries,
   * 0.2 gave 47, on one draw of references (seed 1); over eight draws the metric at 0.2 is no better than none
   * (0.885 against 0.883, BENCHMARKS.md "Your own photos: Now: every figure over eight splits").
   */
  public static final double SHRINKAGE = 0.2;

  private final float[] mean;
  /** Lower-triangular L with {@code W = L L^T}; a vector is mapped to {@code L^-1 (x - mean)}. */
  private final double[][] cholesky;

  private PhotoMetric(float[] mean, double[][] cholesky) {
    this.mean = mean;
    this.cholesky = cholesky;
  }

  /**
   * The metric of these reference photos.
   *
   * @param vectors each photo's unit vector
   * @param parts each photo's part, in the same order
   * @param shrinkage 0..1: how far the within-part scatter is pulled toward its mean variance (1: the references'
   *     mean taken away, nothing whitened)
   * @return the metric, or null when the scatter rests on fewer samples than it has dimensions (photos of parts
   *     photographed twice or more, less one per such part): it would be mostly the shrinkage, and a few
   *     photos' chance directions would decide which others look alike
   */
  public static PhotoMetric fit(List<float[]> vectors, List<String> parts, double shrinkage) {
    if (vectors.size() != parts.size()) throw new IllegalArgumentException("a part for every vector");
    if (shrinkage < 0 || shrinkage > 1) throw new IllegalArgumentException("shrinkage must be in 0..1");
    if (vectors.isEmpty()) return null;
    int d = vectors.get(0).length;
    double[] mean = new double[d];
    Map<String, double[]> partSums = new HashMap<>();
    Map<String, Integer> partCounts = new HashMap<>();
    for (int i = 0; i < vectors.size(); i++) {
      float[] v = vectors.get(i);
      double[] sum = partSums.computeIfAbsent(parts.get(i), p -> new double[d]);
      for (int k = 0; k < d; k++) {
        mean[k] += v[k];
        sum[k] += v[k];
      }
      partCounts.merge(parts.get(i), 1, Integer::sum);
    }
    for (int k = 0; k < d; k++) mean[k] /= vectors.size();
    double[][] scatter = new double[d][d];
    int n = 0;
    double[] r = new double[d];
    for (int i = 0; i < vectors.size(); i++) {
      int count = partCounts.get(parts.get(i));
      if (count < 2) continue;
      double[] sum = partSums.get(parts.get(i));
      float[] v = vectors.get(i);
      for (int k = 0; k < d; k++) r[k] = v[k] - sum[k] / count;
      for (int a = 0; a < d; a++) {
        double ra = r[a];
        double[] row = scatter[a];
        for (int b = 0; b <= a; b++) row[b] += ra * r[b];
      }
      n++;
    }
    if (n - partsWithScatter(partCounts) < d) return null;
    double trace = 0;
    for (int a = 0; a < d; a++) trace += scatter[a][a] / n;
    double floor = Math.max(trace / d, 1e-9);
    for (int a = 0; a < d; a++) {
      for (int b = 0; b <= a; b++) scatter[a][b] = (1 - shrinkage) * scatter[a][b] / n;
      scatter[a][a] += shrinkage * floor + 1e-9;
    }
    float[] m = new float[d];
    for (int k = 0; k < d; k++) m[k] = (float) mean[k];
    return new PhotoMetric(m, choleskyInPlace(scatter));
  }

  private static int partsWithScatter(Map<String, Integer> partCounts) {
    int parts = 0;
    for (int count : partCounts.values()) if (count >= 2) parts++;
    return parts;
  }

  /** The lower triangle of {@code w} (symmetric, positive definite) replaced by its Cholesky factor. */
  private static double[][] choleskyInPlace(double[][] w) {
    int d = w.length;
    for (int j = 0; j < d; j++) {
      double diagonal = w[j][j];
      for (int k = 0; k < j; k++) diagonal -= w[j][k] * w[j][k];
      double root = Math.sqrt(Math.max(diagonal, 1e-12));
      w[j][j] = root;
      for (int i = j + 1; i < d; i++) {
        double s = w[i][j];
        for (int k = 0; k < j; k++) s -= w[i][k] * w[j][k];
        w[i][j] = s / root;
      }
    }
    return w;
  }

  /** The unit vector {@code x} is compared by: {@code L^-1 (x - mean)}, normalised. */
  public float[] apply(float[] x) {
    int d = mean.length;
    double[] y = new double[d];
    for (int i = 0; i < d; i++) {
      double s = x[i] - mean[i];
      double[] row = cholesky[i];
      for (int k = 0; k < i; k++) s -= row[k] * y[k];
      y[i] = s / row[i];
    }
    float[] out = new float[d];
    for (int i = 0; i < d; i++) out[i] = (float) y[i];
    return Vectors.l2Normalise(out);
  }
}
