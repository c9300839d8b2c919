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

  public static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }

  public static double norm(float[] v) {
    return Math.sqrt(dot(v, v));
  }
}
