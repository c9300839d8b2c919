package org.brickbox.render;

import java.util.HashMap;
import java.util.Map;

/**
 * Corner normals for flattened triangles: each corner averages the area-weighted face normals of the triangles
 * that share its (welded) position and whose face normal is within the crease angle of its own face.
 */
final class SmoothNormals {
  private SmoothNormals() {}

  static float[] compute(float[] triangles, double creaseCos, double weldScale) {
    int triangleCount = triangles.length / 9;
    double[] face = faceNormals(triangles, triangleCount);
    int corners = triangleCount * 3;

    // Weld corners to vertex ids, then list each vertex's corners (compressed rows: start offsets + members).
    int[] vertexOf = new int[corners];
    Map<Long, Integer> ids = new HashMap<>();
    for (int c = 0; c < corners; c++) {
      vertexOf[c] = ids.computeIfAbsent(weldKey(triangles, c * 3, weldScale), k -> ids.size());
    }
    int[] start = new int[ids.size() + 1];
    for (int v : vertexOf) start[v + 1]++;
    for (int v = 0; v < ids.size(); v++) start[v + 1] += start[v];
    int[] fill = start.clone();
    int[] members = new int[corners];
    for (int c = 0; c < corners; c++) members[fill[vertexOf[c]]++] = c;

    float[] normals = new float[corners * 3];
    for (int c = 0; c < corners; c++) {
      int t = c / 3;
      double ownLength = length(face, t);
      double nx = 0, ny = 0, nz = 0;
      int v = vertexOf[c];
      for (int m = start[v]; m < start[v + 1]; m++) {
        int other = members[m] / 3;
        double otherLength = length(face, other);
        double cos = dot(face, t, other) / Math.max(1e-30, ownLength * otherLength);
        if (other == t || cos >= creaseCos) {
          nx += face[other * 3];
          ny += face[other * 3 + 1];
          nz += face[other * 3 + 2];
        }
      }
      double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
      if (len > 0) {
        normals[c * 3] = (float) (nx / len);
        normals[c * 3 + 1] = (float) (ny / len);
        normals[c * 3 + 2] = (float) (nz / len);
      }
    }
    return normals;
  }

  /** Un-normalised face normals (length = twice the area), outward for counter-clockwise faces. */
  private static double[] faceNormals(float[] v, int triangleCount) {
    double[] n = new double[triangleCount * 3];
    for (int t = 0; t < triangleCount; t++) {
      int o = t * 9;
      double ax = v[o + 3] - v[o], ay = v[o + 4] - v[o + 1], az = v[o + 5] - v[o + 2];
      double bx = v[o + 6] - v[o], by = v[o + 7] - v[o + 1], bz = v[o + 8] - v[o + 2];
      n[t * 3] = ay * bz - az * by;
      n[t * 3 + 1] = az * bx - ax * bz;
      n[t * 3 + 2] = ax * by - ay * bx;
    }
    return n;
  }

  private static double length(double[] n, int t) {
    return Math.sqrt(dot(n, t, t));
  }

  private static double dot(double[] n, int a, int b) {
    return n[a * 3] * n[b * 3] + n[a * 3 + 1] * n[b * 3 + 1] + n[a * 3 + 2] * n[b * 3 + 2];
  }

  private static long weldKey(float[] v, int offset, double scale) {
    long x = Math.round(v[offset] * scale) & 0x1FFFFF;
    long y = Math.round(v[offset + 1] * scale) & 0x1FFFFF;
    long z = Math.round(v[offset + 2] * scale) & 0x1FFFFF;
    return (x << 42) | (y << 21) | z;
  }
}
