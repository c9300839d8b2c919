package org.brickbox.render;

/**
 * Projects a prepared mesh for one view and scan-converts its triangles into a {@link Frame}. Edge functions run in
 * 28.4 fixed point with the top-left fill rule, so triangles sharing an edge cover each sample exactly once and the
 * result is bit-exact on every platform. Per drawn triangle it keeps three screen-linear planes (1/z, b1/z, b2/z)
 * from which the shader recovers perspective-correct barycentrics: shading happens later, once per visible sample
 * (deferred), not per rasterised fragment.
 */
final class TriangleRasteriser {
  static final int FLAG_SWAPPED = 1;
  static final int FLAG_FLIPPED = 2;
  private static final int SUB_BITS = 4;
  private static final int SUB = 1 << SUB_BITS;
  private static final int HALF = SUB / 2;

  /** Per corner: sample x, sample y, 1/z. */
  private float[] screen = new float[0];
  /** Per drawn triangle: (a, b, c) of 1/z, b1/z and b2/z as a·x + b·y + c at sample centres. */
  float[] planes = new float[0];
  /** Per drawn triangle: {@link #FLAG_SWAPPED} (corners 1 and 2 swapped), {@link #FLAG_FLIPPED} (seen from behind). */
  byte[] flags = new byte[0];

  // The triangle set up by the last successful setup(): edge functions w = a·X + b·Y + c in fixed point.
  private long a0, b0, c0, a1, b1, c1, a2, b2, c2;
  private int minX, maxX, minY, maxY;
  private float za, zb, zc;

  void project(PreparedMesh mesh, Camera camera) {
    int corners = mesh.triangleCount() * 3;
    if (screen.length < corners * 3) {
      screen = new float[corners * 3];
      planes = new float[corners * 3];
      flags = new byte[corners / 3];
    }
    float[] p = mesh.positions();
    float[] m = camera.projection;
    for (int c = 0; c < corners; c++) {
      float x = p[c * 3], y = p[c * 3 + 1], z = p[c * 3 + 2];
      float inverseZ = 1f / (m[8] * x + m[9] * y + m[10] * z + m[11]);
      screen[c * 3] = (m[0] * x + m[1] * y + m[2] * z + m[3]) * inverseZ;
      screen[c * 3 + 1] = (m[4] * x + m[5] * y + m[6] * z + m[7]) * inverseZ;
      screen[c * 3 + 2] = inverseZ;
    }
  }

  /** 1/z of the triangle's centroid, for sorting transparent triangles back to front. */
  float centroidInverseDepth(int t) {
    return (screen[t * 9 + 2] + screen[t * 9 + 5] + screen[t * 9 + 8]) / 3f;
  }

  /**
   * Prepares triangle {@code t} for {@link #fill}; false when it covers no sample centre or is culled. Certified
   * faces are counter-clockwise from outside in LDraw's right-handed coordinates, which the y-down frame turns
   * into negative fixed-point area; one-sided triangles with positive area face away and are culled.
   */
  boolean setup(int t, boolean twoSided, int frameSize) {
    int o = t * 9;
    int x0 = snap(screen[o]), y0 = snap(screen[o + 1]);
    int x1 = snap(screen[o + 3]), y1 = snap(screen[o + 4]);
    int x2 = snap(screen[o + 6]), y2 = snap(screen[o + 7]);
    long area = (long) (x1 - x0) * (y2 - y0) - (long) (y1 - y0) * (x2 - x0);
    if (area == 0 || (area > 0 && !twoSided)) return false;
    int flag = area > 0 ? FLAG_FLIPPED : FLAG_SWAPPED;
    int k1 = 1, k2 = 2;
    if (area < 0) { // make the winding positive so one inside test serves both orientations
      int tx = x1, ty = y1;
      x1 = x2; y1 = y2; x2 = tx; y2 = ty;
      k1 = 2; k2 = 1;
    }
    minX = Math.max(0, Math.floorDiv(Math.min(x0, Math.min(x1, x2)) - HALF + SUB - 1, SUB));
    maxX = Math.min(frameSize - 1, Math.floorDiv(Math.max(x0, Math.max(x1, x2)) - HALF, SUB));
    minY = Math.max(0, Math.floorDiv(Math.min(y0, Math.min(y1, y2)) - HALF + SUB - 1, SUB));
    maxY = Math.min(frameSize - 1, Math.floorDiv(Math.max(y0, Math.max(y1, y2)) - HALF, SUB));
    if (minX > maxX || minY > maxY) return false;

    // w0: edge 1→2, w1: edge 2→0, w2: edge 0→1; each ≥ 0 inside after the top-left bias.
    a0 = y1 - y2; b0 = x2 - x1; c0 = (long) (y2 - y1) * x1 - (long) (x2 - x1) * y1 - bias(x1, y1, x2, y2);
    a1 = y2 - y0; b1 = x0 - x2; c1 = (long) (y0 - y2) * x2 - (long) (x0 - x2) * y2 - bias(x2, y2, x0, y0);
    a2 = y0 - y1; b2 = x1 - x0; c2 = (long) (y1 - y0) * x0 - (long) (x1 - x0) * y0 - bias(x0, y0, x1, y1);

    float iz0 = screen[o + 2], iz1 = screen[o + k1 * 3 + 2], iz2 = screen[o + k2 * 3 + 2];
    double fx0 = x0 / (double) SUB, fy0 = y0 / (double) SUB;
    double ex1 = (x1 - x0) / (double) SUB, ey1 = (y1 - y0) / (double) SUB;
    double ex2 = (x2 - x0) / (double) SUB, ey2 = (y2 - y0) / (double) SUB;
    double det = ex1 * ey2 - ex2 * ey1;
    int p = t * 9;
    plane(p, fx0, fy0, ex1, ey1, ex2, ey2, det, iz0, iz1, iz2);
    plane(p + 3, fx0, fy0, ex1, ey1, ex2, ey2, det, 0, iz1, 0);
    plane(p + 6, fx0, fy0, ex1, ey1, ex2, ey2, det, 0, 0, iz2);
    za = planes[p];
    zb = planes[p + 1];
    zc = planes[p + 2];
    flags[t] = (byte) flag;
    return true;
  }

  /** Top-left rule: samples exactly on an edge belong to the triangle only if it is a top or left edge. */
  private static long bias(int ax, int ay, int bx, int by) {
    int dy = by - ay;
    boolean topLeft = dy < 0 || (dy == 0 && bx - ax > 0);
    return topLeft ? 0 : 1;
  }

  private void plane(int at, double x0, double y0, double ex1, double ey1, double ex2, double ey2, double det,
      double f0, double f1, double f2) {
    double a = ((f1 - f0) * ey2 - (f2 - f0) * ey1) / det;
    double b = ((f2 - f0) * ex1 - (f1 - f0) * ex2) / det;
    planes[at] = (float) a;
    planes[at + 1] = (float) b;
    planes[at + 2] = (float) (f0 - a * x0 - b * y0);
  }

  private static int snap(float v) {
    return Math.round(v * SUB);
  }

  /**
   * Draws the triangle prepared by {@link #setup}. Opaque triangles ({@code shader == null}) depth-test and write
   * depth and id; transparent ones depth-test against opaque depth, blend their shaded colour with
   * {@code alpha256}/256 and leave depth untouched, so they must come back to front.
   */
  void fill(int t, Frame frame, SampleShader shader, int alpha256) {
    int size = frame.size;
    float[] depth = frame.inverseDepth;
    int[] ids = frame.ids;
    long sa0 = a0 * SUB, sa1 = a1 * SUB, sa2 = a2 * SUB;
    double r0 = sa0 == 0 ? 0 : 1.0 / sa0, r1 = sa1 == 0 ? 0 : 1.0 / sa1, r2 = sa2 == 0 ? 0 : 1.0 / sa2;
    long px = ((long) minX << SUB_BITS) + HALF;
    for (int y = minY; y <= maxY; y++) {
      long py = ((long) y << SUB_BITS) + HALF;
      long w0 = a0 * px + b0 * py + c0;
      long w1 = a1 * px + b1 * py + c1;
      long w2 = a2 * px + b2 * py + c2;
      // Narrow the row to where every edge function can be ≥ 0 (conservatively: the test below stays exact).
      int start = Math.max(firstInside(w0, sa0, r0), Math.max(firstInside(w1, sa1, r1), firstInside(w2, sa2, r2)));
      int end = Math.min(maxX - minX, Math.min(lastInside(w0, sa0, r0), Math.min(lastInside(w1, sa1, r1),
          lastInside(w2, sa2, r2))));
      if (start > end) continue;
      w0 += sa0 * start;
      w1 += sa1 * start;
      w2 += sa2 * start;
      float sy = y + 0.5f;
      float z = za * (minX + start + 0.5f) + zb * sy + zc;
      int row = y * size;
      for (int x = minX + start; x <= minX + end; x++) {
        if ((w0 | w1 | w2) >= 0) {
          int i = row + x;
          if (z > depth[i]) {
            if (shader == null) {
              depth[i] = z;
              ids[i] = t;
            } else {
              frame.rgb[i] = blend(frame.rgb[i], shader.shade(t, x + 0.5f, sy), alpha256);
              if (ids[i] == Frame.EMPTY) ids[i] = Frame.TRANSPARENT_ONLY;
            }
          }
        }
        w0 += sa0;
        w1 += sa1;
        w2 += sa2;
        z += za;
      }
    }
  }

  /** Lower bound of the first step from the row start at which w (rising by step ≥ 0 a step) is ≥ 0. */
  private static int firstInside(long w, long step, double reciprocal) {
    if (w >= 0 || step <= 0) return 0;
    return (int) Math.min(Integer.MAX_VALUE / 2, Math.floor(-w * reciprocal));
  }

  /** Upper bound of the last step at which w (falling by −step > 0 a step) is still ≥ 0; empty when it never is. */
  private static int lastInside(long w, long step, double reciprocal) {
    if (step >= 0) return w >= 0 || step > 0 ? Integer.MAX_VALUE / 2 : -1;
    if (w < 0) return -1;
    return (int) Math.min(Integer.MAX_VALUE / 2, Math.ceil(-w * reciprocal));
  }

  private static int blend(int under, int over, int alpha256) {
    int keep = 256 - alpha256;
    int r = (((under >> 16) & 0xFF) * keep + ((over >> 16) & 0xFF) * alpha256) >> 8;
    int g = (((under >> 8) & 0xFF) * keep + ((over >> 8) & 0xFF) * alpha256) >> 8;
    int b = ((under & 0xFF) * keep + (over & 0xFF) * alpha256) >> 8;
    return (r << 16) | (g << 8) | b;
  }
}
