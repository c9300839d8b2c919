package org.brickbox.io.ldraw;

/**
 * Splits a quad {@code a b c d} into two triangles with the winding of {@code a b c}. The spec asks for convex
 * planar quads, but files contain concave and bow-tie ones: pick the diagonal whose two triangles face the same
 * way, and for a bow-tie (neither diagonal works) reorder the corners into the quad the author meant.
 */
final class QuadSplitter {
  /** Corner orders to try, each followed by its two triangles as corner indices. */
  private static final int[][] SPLITS = {
    {0, 1, 2, 0, 2, 3}, // diagonal a-c: convex, or concave at a or c
    {0, 1, 3, 1, 2, 3}, // diagonal b-d: concave at b or d
    {0, 1, 3, 0, 3, 2}, // bow-tie a b c d meaning a b d c
    {0, 2, 1, 0, 1, 3}, // bow-tie a b c d meaning a c b d
  };

  private QuadSplitter() {}

  /** Writes 18 floats (two triangles) to {@code out} from the 12 floats of {@code quad} starting at {@code q}. */
  static void split(float[] quad, int q, float[] out) {
    int[] chosen = SPLITS[0];
    for (int[] split : SPLITS) {
      if (facesAgree(quad, q, split)) {
        chosen = split;
        break;
      }
    }
    for (int v = 0; v < 6; v++) System.arraycopy(quad, q + 3 * chosen[v], out, 3 * v, 3);
  }

  private static boolean facesAgree(float[] p, int q, int[] s) {
    double[] n1 = normal(p, q, s[0], s[1], s[2]);
    double[] n2 = normal(p, q, s[3], s[4], s[5]);
    return n1[0] * n2[0] + n1[1] * n2[1] + n1[2] * n2[2] >= 0;
  }

  private static double[] normal(float[] p, int q, int a, int b, int c) {
    int ia = q + 3 * a;
    int ib = q + 3 * b;
    int ic = q + 3 * c;
    double ux = p[ib] - p[ia], uy = p[ib + 1] - p[ia + 1], uz = p[ib + 2] - p[ia + 2];
    double vx = p[ic] - p[ia], vy = p[ic + 1] - p[ia + 1], vz = p[ic + 2] - p[ia + 2];
    return new double[] {uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
  }
}
