package org.brickbox.render.photo;

import java.util.ArrayList;
import java.util.List;

/** Small solids built in code, as 9 floats per triangle, wound counter-clockwise seen from outside. */
final class TestSolids {
  private TestSolids() {}

  /** An axis-aligned box centred on the origin. */
  static float[] box(double sx, double sy, double sz) {
    double[][] v = new double[8][];
    for (int i = 0; i < 8; i++) {
      v[i] = new double[] {((i & 1) == 0 ? -sx : sx) / 2, ((i & 2) == 0 ? -sy : sy) / 2, ((i & 4) == 0 ? -sz : sz) / 2};
    }
    int[][] faces = {{0, 4, 6, 2}, {1, 3, 7, 5}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 2, 3, 1}, {4, 5, 7, 6}};
    return polyhedron(v, faces);
  }

  /** The regular tetrahedron on alternate corners of the cube [-1, 1]³. */
  static float[] tetrahedron() {
    double[][] v = {{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}};
    return polyhedron(v, new int[][] {{0, 1, 2}, {0, 3, 1}, {0, 2, 3}, {1, 3, 2}});
  }

  /**
   * The polygon (x, y pairs, counter-clockwise, star-shaped from its first corner) extruded from z = 0 to
   * z = depth.
   */
  static float[] prism(double[] polygon, double depth) {
    int n = polygon.length / 2;
    double[][] v = new double[2 * n][];
    for (int i = 0; i < n; i++) {
      v[i] = new double[] {polygon[2 * i], polygon[2 * i + 1], 0};
      v[n + i] = new double[] {polygon[2 * i], polygon[2 * i + 1], depth};
    }
    List<int[]> faces = new ArrayList<>();
    int[] top = new int[n], bottom = new int[n];
    for (int i = 0; i < n; i++) {
      top[i] = n + i;
      bottom[i] = (n - i) % n;
      faces.add(new int[] {i, (i + 1) % n, n + (i + 1) % n, n + i});
    }
    faces.add(top);
    faces.add(bottom);
    return polyhedron(v, faces.toArray(int[][]::new));
  }

  /** Polygonal faces (corner indices, counter-clockwise from outside) split into fans from their first corner. */
  static float[] polyhedron(double[][] v, int[][] faces) {
    List<float[]> triangles = new ArrayList<>();
    for (int[] f : faces) {
      for (int k = 1; k + 1 < f.length; k++) triangles.add(triangle(v[f[0]], v[f[k]], v[f[k + 1]]));
    }
    return concat(triangles);
  }

  static float[] triangle(double[] a, double[] b, double[] c) {
    return new float[] {(float) a[0], (float) a[1], (float) a[2], (float) b[0], (float) b[1], (float) b[2],
      (float) c[0], (float) c[1], (float) c[2]};
  }

  static float[] concat(List<float[]> parts) {
    int length = 0;
    for (float[] p : parts) length += p.length;
    float[] all = new float[length];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** Six times the signed volume: positive when the faces are wound outwards. */
  static double sixVolume(float[] t) {
    double sum = 0;
    for (int i = 0; i < t.length; i += 9) {
      sum += t[i] * ((double) t[i + 4] * t[i + 8] - (double) t[i + 5] * t[i + 7])
          - t[i + 1] * ((double) t[i + 3] * t[i + 8] - (double) t[i + 5] * t[i + 6])
          + t[i + 2] * ((double) t[i + 3] * t[i + 7] - (double) t[i + 4] * t[i + 6]);
    }
    return sum;
  }
}
