package org.brickbox.embed;

/** Small float-vector helpers shared by inference, training evaluation and the tests. */
public final class Vectors {
  private Vectors() {}

  /** Scales {@code v} in place to unit L2 norm (a zero vector stays zero) and returns it. */
  public static float[] l2Normalise(float[] v) {
    double sum = 0;
    for (float x : v) sum += (double) x * x;
    double norm = Math.sqrt(sum);
    if (norm > 0) {
      float inv = (float) (1.0 / norm);
      for (int i = 0; i < v.length; i++) v[i] *= inv;
    }
    return v;
  }

  /**
   * The dot product in doubles, summed in four interleaved partial sums (element i into sum i mod 4, added as
   * (s0 + s1) + (s2 + s3)): a single running sum waits on each addition before the next, and the reference index's
   * evidence (hundreds of dot products a query) spent most of a whole-library run's index step there.
   */
  public static double dot(float[] a, float[] b) {
    int n = a.length;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += (double) a[i] * b[i];
      s1 += (double) a[i + 1] * b[i + 1];
      s2 += (double) a[i + 2] * b[i + 2];
      s3 += (double) a[i + 3] * b[i + 3];
    }
    if (i < n) s0 += (double) a[i] * b[i];
    if (i + 1 < n) s1 += (double) a[i + 1] * b[i + 1];
    if (i + 2 < n) s2 += (double) a[i + 2] * b[i + 2];
    return (s0 + s1) + (s2 + s3);
  }

  /** {@code v} widened to doubles, as {@link #dots} takes its queries. */
  public static double[] widen(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i];
    return out;
  }

  /**
   * {@code out[q] = dot(queries[q], reference)} for every query, each the same double, bit for bit, as {@link #dot}
   * gives (the same products summed in the same partial sums and order), in one pass over the reference: it is read
   * and widened once for all queries, and the queries' sums are independent, so the processor overlaps them.
   * Searching 14,400 references for 9 crop vectors this way took a third of the time of 9 searches (BENCHMARKS.md,
   * "Serve").
   *
   * @param queries query vectors widened by {@link #widen}, each as long as {@code reference}
   */
  public static void dots(double[][] queries, float[] reference, double[] out) {
    int n = reference.length;
    for (int q = 0; q < queries.length; q += 2) {
      double[] a = queries[q];
      double[] b = queries[Math.min(q + 1, queries.length - 1)]; // an odd last query is paired with itself
      double a0 = 0;
      double a1 = 0;
      double a2 = 0;
      double a3 = 0;
      double b0 = 0;
      double b1 = 0;
      double b2 = 0;
      double b3 = 0;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        double x0 = reference[i];
        double x1 = reference[i + 1];
        double x2 = reference[i + 2];
        double x3 = reference[i + 3];
        a0 += a[i] * x0;
        a1 += a[i + 1] * x1;
        a2 += a[i + 2] * x2;
        a3 += a[i + 3] * x3;
        b0 += b[i] * x0;
        b1 += b[i + 1] * x1;
        b2 += b[i + 2] * x2;
        b3 += b[i + 3] * x3;
      }
      if (i < n) {
        a0 += a[i] * reference[i];
        b0 += b[i] * reference[i];
      }
      if (i + 1 < n) {
        a1 += a[i + 1] * reference[i + 1];
        b1 += b[i + 1] * reference[i + 1];
      }
      if (i + 2 < n) {
        a2 += a[i + 2] * reference[i + 2];
        b2 += b[i + 2] * reference[i + 2];
      }
      out[q] = (a0 + a1) + (a2 + a3);
      if (q + 1 < queries.length) out[q + 1] = (b0 + b1) + (b2 + b3);
    }
  }

  public static double norm(float[] v) {
    return Math.sqrt(dot(v, v));
  }
}
