package org.brickbox.render.photo;

import java.util.Arrays;

/**
 * Triangle corners with equal coordinates merged into one vertex. Only exactly equal floats merge (−0 and +0 are
 * equal): LDraw sub-files that meet share corners computed the same way, and a tolerance would merge distinct
 * corners of small detail.
 *
 * @param points the distinct corners, 3 doubles each, in order of first appearance
 * @param corners for each triangle corner (3 per triangle), its index into {@code points}
 */
record WeldedCorners(double[] points, int[] corners) {
  static WeldedCorners of(float[] t) {
    if (t.length == 0 || t.length % 9 != 0) {
      throw new IllegalArgumentException("resting poses: expected 9 floats per triangle, got " + t.length);
    }
    int n = t.length / 3;
    int capacity = Integer.highestOneBit(2 * n) << 1;
    int[] table = new int[capacity];
    Arrays.fill(table, -1);
    double[] points = new double[3 * n];
    int[] corners = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      float x = t[3 * i] + 0f, y = t[3 * i + 1] + 0f, z = t[3 * i + 2] + 0f;
      int h = Float.floatToIntBits(x) * 0x9E3779B1 + Float.floatToIntBits(y) * 0x85EBCA77
          + Float.floatToIntBits(z) * 0xC2B2AE3D;
      int slot = (h ^ (h >>> 16)) & (capacity - 1);
      while (table[slot] >= 0) {
        int j = table[slot];
        if (points[3 * j] == x && points[3 * j + 1] == y && points[3 * j + 2] == z) break;
        slot = (slot + 1) & (capacity - 1);
      }
      if (table[slot] < 0) {
        table[slot] = count;
        points[3 * count] = x;
        points[3 * count + 1] = y;
        points[3 * count + 2] = z;
        count++;
      }
      corners[i] = table[slot];
    }
    return new WeldedCorners(Arrays.copyOf(points, 3 * count), corners);
  }

  int triangleCount() {
    return corners.length / 3;
  }

  /** Min x, y, z then max x, y, z. */
  double[] bounds() {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE,
      -Double.MAX_VALUE};
    for (int i = 0; i < points.length; i += 3) {
      for (int k = 0; k < 3; k++) {
        b[k] = Math.min(b[k], points[i + k]);
        b[k + 3] = Math.max(b[k + 3], points[i + k]);
      }
    }
    return b;
  }
}
