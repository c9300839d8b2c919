package org.brickbox.render;

import java.util.Arrays;

/**
 * The part seen orthographically along one direction: per texel the largest {@code p·towards} over the part's
 * triangles, i.e. the surface nearest the far end of {@code towards}. With {@code towards} pointing at a light it is a
 * shadow map (a receiver q is shadowed where the map exceeds {@code q·towards}); pointing down, it holds each column's
 * lowest point, from which contact occlusion on the ground follows. Reused across renders by one thread.
 */
final class ShadowMap {
  static final float EMPTY = Float.NEGATIVE_INFINITY;
  private static final int BLOCK = 8;
  /** Far more than the rounding error of a texel coordinate or depth computed by another route (LDU, texels). */
  private static final double SLACK = 1e-6;
  private static final double[][] DISC = disc(12);

  final int size;
  final float[] depth;
  private final float[] blockMax;
  private final double[] towards = new double[3];
  private final double[] u = new double[3];
  private final double[] v = new double[3];
  private double originU;
  private double originV;
  /** Texels per LDU. */
  private double scale;

  ShadowMap(int size) {
    this.size = size;
    this.depth = new float[size * size];
    int blocks = (size + BLOCK - 1) / BLOCK;
    this.blockMax = new float[blocks * blocks];
  }

  /** Rasterises the mesh's triangles seen along {@code dir} (unit), framed on its bounding sphere. */
  void build(PreparedMesh mesh, double[] dir) {
    System.arraycopy(dir, 0, towards, 0, 3);
    double[] a = Camera.perpendicular(dir);
    double[] b = Camera.cross(dir, a);
    System.arraycopy(a, 0, u, 0, 3);
    System.arraycopy(b, 0, v, 0, 3);
    double[] c = mesh.centre();
    double r = mesh.radius() * 1.02;
    scale = size / (2 * r);
    originU = Camera.dot(c, u) - r;
    originV = Camera.dot(c, v) - r;
    Arrays.fill(depth, EMPTY);
    float[] p = mesh.positions();
    double[] su = new double[3], sv = new double[3], sd = new double[3];
    for (int t = 0; t < mesh.triangleCount(); t++) {
      for (int k = 0; k < 3; k++) {
        int o = t * 9 + k * 3;
        double x = p[o], y = p[o + 1], z = p[o + 2];
        su[k] = ((x * u[0] + y * u[1] + z * u[2]) - originU) * scale;
        sv[k] = ((x * v[0] + y * v[1] + z * v[2]) - originV) * scale;
        sd[k] = x * dir[0] + y * dir[1] + z * dir[2];
      }
      // A one-sided (BFC-certified) triangle facing away along dir is the far side of a solid, under the surface that
      // holds the column's largest p·dir; only its corners are kept, for silhouettes a grazing near side misses.
      if (!mesh.isTwoSided(t) && (su[1] - su[0]) * (sv[2] - sv[0]) - (su[2] - su[0]) * (sv[1] - sv[0]) < 0) {
        for (int k = 0; k < 3; k++) keep((int) su[k], (int) sv[k], sd[k]);
        continue;
      }
      fill(su, sv, sd);
    }
    summarise();
  }

  /** Keeps the larger depth per covered texel centre; texels a thin triangle misses are caught by its corners. */
  private void fill(double[] su, double[] sv, double[] sd) {
    double area = (su[1] - su[0]) * (sv[2] - sv[0]) - (su[2] - su[0]) * (sv[1] - sv[0]);
    for (int k = 0; k < 3; k++) keep((int) su[k], (int) sv[k], sd[k]); // slivers narrower than a texel
    if (Math.abs(area) < 1e-9) return; // seen edge-on: its corners are enough
    int x0 = Math.max(0, (int) Math.floor(Math.min(su[0], Math.min(su[1], su[2]))));
    int x1 = Math.min(size - 1, (int) Math.ceil(Math.max(su[0], Math.max(su[1], su[2]))));
    int y0 = Math.max(0, (int) Math.floor(Math.min(sv[0], Math.min(sv[1], sv[2]))));
    int y1 = Math.min(size - 1, (int) Math.ceil(Math.max(sv[0], Math.max(sv[1], sv[2]))));
    double inv = 1 / area;
    // Barycentrics and depth are affine in the texel position: step them along the row.
    double w1dx = (sv[2] - sv[0]) * inv, w1dy = -(su[2] - su[0]) * inv;
    double w2dx = -(sv[1] - sv[0]) * inv, w2dy = (su[1] - su[0]) * inv;
    double ddx = w1dx * (sd[1] - sd[0]) + w2dx * (sd[2] - sd[0]);
    for (int y = y0; y <= y1; y++) {
      double px = x0 + 0.5 - su[0], py = y + 0.5 - sv[0];
      double w1 = px * w1dx + py * w1dy;
      double w2 = px * w2dx + py * w2dy;
      double d = sd[0] + w1 * (sd[1] - sd[0]) + w2 * (sd[2] - sd[0]);
      int row = y * size;
      for (int x = x0; x <= x1; x++) {
        if (w1 >= -1e-6 && w2 >= -1e-6 && w1 + w2 <= 1 + 1e-6 && d > depth[row + x]) depth[row + x] = (float) d;
        w1 += w1dx;
        w2 += w2dx;
        d += ddx;
      }
    }
  }

  /** Per block of {@link #BLOCK}² texels, the largest depth: lets a lookup skip its taps when nothing can block. */
  private void summarise() {
    int blocks = (size + BLOCK - 1) / BLOCK;
    for (int by = 0; by < blocks; by++) {
      for (int bx = 0; bx < blocks; bx++) {
        float m = EMPTY;
        for (int y = by * BLOCK; y < Math.min(size, (by + 1) * BLOCK); y++) {
          for (int x = bx * BLOCK; x < Math.min(size, (bx + 1) * BLOCK); x++) m = Math.max(m, depth[y * size + x]);
        }
        blockMax[by * blocks + bx] = m;
      }
    }
  }

  /** Largest depth over the texels within {@code r} of (tu, tv), by blocks (an upper bound). */
  private float maxAround(double tu, double tv, double r) {
    int blocks = (size + BLOCK - 1) / BLOCK;
    int bx0 = Math.max(0, (int) Math.floor((tu - r) / BLOCK)), bx1 = Math.min(blocks - 1, (int) ((tu + r) / BLOCK));
    int by0 = Math.max(0, (int) Math.floor((tv - r) / BLOCK)), by1 = Math.min(blocks - 1, (int) ((tv + r) / BLOCK));
    float m = EMPTY;
    for (int by = by0; by <= by1; by++) {
      for (int bx = bx0; bx <= bx1; bx++) m = Math.max(m, blockMax[by * blocks + bx]);
    }
    return m;
  }

  /**
   * Whether {@link #lit} returns 1 at every point of the convex hull of the points (xs[i], ys[i], zs[i]): its first
   * test, that nothing within the search width stands above the receiver, holds for all of them at once.
   */
  boolean unshadowed(double[] xs, double[] ys, double[] zs, double tanSpread, double bias) {
    double search = Math.max(1.5, Math.min(12, tanSpread * size)); // as in lit
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < xs.length; i++) {
      lowest = Math.min(lowest, xs[i] * towards[0] + ys[i] * towards[1] + zs[i] * towards[2] + bias);
    }
    return maxOver(xs, ys, zs, search + 1) <= lowest - SLACK;
  }

  /** Whether {@link #occlusion} returns 0 at every point of the convex hull of the points: nothing is near above. */
  boolean unoccluded(double[] xs, double[] ys, double[] zs, double groundLevel, double radius, double reach) {
    return maxOver(xs, ys, zs, radius * scale + 1) <= groundLevel - reach;
  }

  /**
   * An upper bound of the depth within {@code r} texels of any point in the convex hull of the points: the blocks
   * around their texel box, widened by {@link #SLACK} for the rounding of points computed one by one.
   */
  private float maxOver(double[] xs, double[] ys, double[] zs, double r) {
    double u0 = Double.POSITIVE_INFINITY, u1 = Double.NEGATIVE_INFINITY;
    double v0 = Double.POSITIVE_INFINITY, v1 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < xs.length; i++) {
      double tu = texelU(xs[i], ys[i], zs[i]), tv = texelV(xs[i], ys[i], zs[i]);
      u0 = Math.min(u0, tu);
      u1 = Math.max(u1, tu);
      v0 = Math.min(v0, tv);
      v1 = Math.max(v1, tv);
    }
    int blocks = (size + BLOCK - 1) / BLOCK;
    int bx0 = Math.max(0, (int) Math.floor((u0 - SLACK - r) / BLOCK));
    int bx1 = Math.min(blocks - 1, (int) ((u1 + SLACK + r) / BLOCK));
    int by0 = Math.max(0, (int) Math.floor((v0 - SLACK - r) / BLOCK));
    int by1 = Math.min(blocks - 1, (int) ((v1 + SLACK + r) / BLOCK));
    float m = EMPTY;
    for (int by = by0; by <= by1; by++) {
      for (int bx = bx0; bx <= bx1; bx++) m = Math.max(m, blockMax[by * blocks + bx]);
    }
    return m;
  }

  private void keep(int x, int y, double d) {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    int i = y * size + x;
    if (d > depth[i]) depth[i] = (float) d;
  }

  double texelU(double x, double y, double z) {
    return ((x * u[0] + y * u[1] + z * u[2]) - originU) * scale;
  }

  double texelV(double x, double y, double z) {
    return ((x * v[0] + y * v[1] + z * v[2]) - originV) * scale;
  }

  float at(int x, int y) {
    return x < 0 || y < 0 || x >= size || y >= size ? EMPTY : depth[y * size + x];
  }

  /**
   * Lit fraction (0 = fully shadowed) of a receiver at (x, y, z) under a light of angular radius {@code tanSpread}:
   * blockers within a first wide search set the penumbra's width (wider the farther the blocker), then twelve taps
   * over that width average the test. {@code bias} (LDU) keeps surfaces from shadowing themselves.
   */
  double lit(double x, double y, double z, double tanSpread, double bias) {
    double tu = texelU(x, y, z), tv = texelV(x, y, z);
    double d = x * towards[0] + y * towards[1] + z * towards[2] + bias;
    // The farthest blocker is a sphere diameter away; wider than 12 texels the search would cost more than it shows.
    double search = Math.max(1.5, Math.min(12, tanSpread * size));
    if (maxAround(tu, tv, search + 1) <= d) return 1;
    double blockerSum = 0;
    int blockers = 0;
    for (double[] o : DISC) {
      float m = at((int) (tu + o[0] * search), (int) (tv + o[1] * search));
      if (m > d) {
        blockerSum += m;
        blockers++;
      }
    }
    if (blockers == 0) return 1;
    double penumbra = Math.max(1.0, (blockerSum / blockers - d) * tanSpread * scale);
    int lit = 0;
    for (double[] o : DISC) {
      if (at((int) (tu + o[0] * penumbra), (int) (tv + o[1] * penumbra)) <= d) lit++;
    }
    return lit / (double) DISC.length;
  }

  /** Lit fraction from four taps a texel apart: the cheap lookup for the part's own surface. */
  double litHard(double x, double y, double z, double bias) {
    double tu = texelU(x, y, z) - 0.5, tv = texelV(x, y, z) - 0.5;
    double d = x * towards[0] + y * towards[1] + z * towards[2] + bias;
    int x0 = (int) Math.floor(tu), y0 = (int) Math.floor(tv);
    int lit = 0;
    for (int j = 0; j < 2; j++) {
      for (int i = 0; i < 2; i++) {
        if (at(x0 + i, y0 + j) <= d) lit++;
      }
    }
    return lit / 4.0;
  }

  /**
   * How much of the sky a ground point at (x, y, z) loses to the part just above it, 0..1, for a map built looking
   * down: taps within {@code radius} LDU where the part's lowest point is less than {@code reach} above the ground
   * count, the lower the more.
   */
  double occlusion(double x, double y, double z, double groundLevel, double radius, double reach) {
    double tu = texelU(x, y, z), tv = texelV(x, y, z);
    double r = radius * scale;
    if (maxAround(tu, tv, r + 1) <= groundLevel - reach) return 0;
    double sum = 0;
    for (double[] o : DISC) {
      float lowest = at((int) (tu + o[0] * r), (int) (tv + o[1] * r));
      if (lowest == EMPTY) continue;
      double height = groundLevel - lowest;
      if (height < reach) sum += 1 - Math.max(0, height) / reach;
    }
    return sum / DISC.length;
  }

  /** Offsets spread over the unit disc (a sunflower pattern: even, no clumps, same for every lookup). */
  private static double[][] disc(int n) {
    double golden = Math.PI * (3 - Math.sqrt(5));
    double[][] d = new double[n][2];
    for (int i = 0; i < n; i++) {
      double r = Math.sqrt((i + 0.5) / n);
      d[i][0] = r * Math.cos(i * golden);
      d[i][1] = r * Math.sin(i * golden);
    }
    return d;
  }
}
