package org.brickbox.render.photo;

/**
 * Standard normal samples by table: the 4096 quantiles at (i + ½)/4096, so one 12-bit random index is one sample
 * (five from each {@code nextLong}), many times cheaper than {@code nextGaussian}; the distribution is exact in
 * its quantiles to ±3.5 σ, beyond which a sensor's noise lies once in 2,000 samples. The 16 KB table stays in the
 * CPU's first-level cache. Built once with {@link StrictMath} by integrating the density, then scaled to unit
 * variance exactly, so the table is bit-identical on every JVM.
 */
final class StandardNormal {
  static final int BITS = 12;
  static final int SIZE = 1 << BITS;
  private static final float[] QUANTILES = new float[SIZE];

  static {
    double limit = 6;
    int steps = 1 << 16;
    double h = 2 * limit / steps;
    double[] cdf = new double[steps + 1];
    double previous = density(-limit);
    for (int s = 1; s <= steps; s++) {
      double next = density(-limit + s * h);
      cdf[s] = cdf[s - 1] + 0.5 * h * (previous + next); // trapezoids; the mass below −6 σ (1e-9) is left out
      previous = next;
    }
    double total = cdf[steps];
    int s = 0;
    double[] q = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      double target = (i + 0.5) / SIZE * total;
      while (cdf[s + 1] < target) s++;
      double f = (target - cdf[s]) / (cdf[s + 1] - cdf[s]);
      q[i] = -limit + (s + f) * h;
    }
    double sumSquares = 0;
    for (int i = 0; i < SIZE / 2; i++) {
      double symmetric = 0.5 * (q[SIZE - 1 - i] - q[i]); // force exact symmetry: mean exactly 0
      q[i] = -symmetric;
      q[SIZE - 1 - i] = symmetric;
      sumSquares += 2 * symmetric * symmetric;
    }
    double scale = 1 / StrictMath.sqrt(sumSquares / SIZE);
    for (int i = 0; i < SIZE; i++) QUANTILES[i] = (float) (q[i] * scale);
  }

  private StandardNormal() {}

  /** The sample for the low {@value #BITS} bits of {@code bits}. */
  static float sample(long bits) {
    return QUANTILES[(int) bits & (SIZE - 1)];
  }

  private static double density(double z) {
    return StrictMath.exp(-0.5 * z * z);
  }
}
