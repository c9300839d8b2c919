package org.brickbox.render.photo;

import java.util.Arrays;

/**
 * The 3D convex hull of a point set as triangles wound counter-clockwise seen from outside, with the triangle
 * across each edge, built by quickhull with exact arithmetic.
 *
 * <p>Quickhull with a distance tolerance fails on LDraw parts: rows of nearly collinear corners (modelled a few
 * thousandths of an LDU apart) give sliver faces whose planes point anywhere, and points dropped as "within the
 * tolerance" of one face end up far outside a later one. Here the points are first snapped to a grid of 2^16 steps
 * across the part (a step is 1/65 LDU on the 50x50 baseplate, 1/800 LDU on a 2x4 brick), so every coordinate is an
 * integer of at most 15 bits; every orientation test (is this point above that face's plane?) is then a sum of
 * products small enough to be computed exactly in double precision. With exact tests a point is outside a face
 * only when strictly above it, the region a new point sees is always a disc, and the hull is exact for the
 * snapped points. Coplanar hull triangles are left for {@link HullFacets} to merge. Deterministic: the same
 * points give the same triangles in the same order.
 */
final class ConvexHull {
  /**
   * Snapped coordinates lie in [-GRID, GRID] = [-2^15, 2^15]: edge vectors need 17 bits, a face normal (a cross
   * product of two) 34, a plane test (normal · point - offset) 51, so every plane test is exact in a double's 53.
   */
  private static final double GRID = 1 << 15;

  private final double[] points;
  private final int[] vertices;
  private final int[] neighbours;

  private ConvexHull(double[] points, int[] vertices, int[] neighbours) {
    this.points = points;
    this.vertices = vertices;
    this.neighbours = neighbours;
  }

  /**
   * @param xyz points, 3 doubles each
   * @throws IllegalArgumentException when the points, once snapped, lie in one plane
   */
  static ConvexHull of(double[] xyz) {
    return new Builder(snap(xyz)).build();
  }

  /**
   * The snapped points (distinct), in the input's units: the hull's corners are these, exactly planar where the
   * hull says they are.
   */
  double[] points() {
    return points;
  }

  int triangleCount() {
    return vertices.length / 3;
  }

  /** Index into {@link #points()} of corner {@code corner} (0..2) of triangle {@code t}. */
  int vertex(int t, int corner) {
    return vertices[3 * t + corner];
  }

  /** The triangle across the edge from corner {@code corner} to the next corner of triangle {@code t}. */
  int neighbour(int t, int corner) {
    return neighbours[3 * t + corner];
  }

  /** Grid coordinates (integers in [-GRID, GRID]) of the distinct snapped points, then the scale and centre. */
  private static Snapped snap(double[] xyz) {
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; i < xyz.length; i++) {
      min[i % 3] = Math.min(min[i % 3], xyz[i]);
      max[i % 3] = Math.max(max[i % 3], xyz[i]);
    }
    double[] centre = {(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2};
    double half = Math.max(max[0] - min[0], Math.max(max[1] - min[1], max[2] - min[2])) / 2;
    double scale = half > 0 ? GRID / half : 1;
    long[] keys = new long[xyz.length / 3];
    for (int i = 0; i < keys.length; i++) {
      long key = 0;
      for (int k = 0; k < 3; k++) key = key << 17 | (Math.round((xyz[3 * i + k] - centre[k]) * scale) + (1 << 16));
      keys[i] = key;
    }
    Arrays.sort(keys);
    int count = 0;
    for (int i = 0; i < keys.length; i++) {
      if (i == 0 || keys[i] != keys[i - 1]) keys[count++] = keys[i];
    }
    double[] grid = new double[3 * count];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < 3; k++) grid[3 * i + k] = ((keys[i] >>> (17 * (2 - k))) & 0x1FFFF) - (1 << 16);
    }
    return new Snapped(grid, scale, centre);
  }

  private record Snapped(double[] grid, double scale, double[] centre) {
    double[] unsnapped(double[] gridPoints) {
      double[] xyz = new double[gridPoints.length];
      for (int i = 0; i < xyz.length; i++) xyz[i] = centre[i % 3] + gridPoints[i] / scale;
      return xyz;
    }
  }

  private static final class Builder {
    private final Snapped snapped;
    private final double[] p;
    private final int n;
    // Faces: corners, neighbour across edge (corner i -> i+1), exact plane (integer normal, offset), alive flag.
    private int faceCount;
    private int[] fv = new int[3 * 64];
    private int[] fn = new int[3 * 64];
    private double[] plane = new double[4 * 64];
    private double[] inverseLength = new double[64];
    private boolean[] alive = new boolean[64];
    // Outside sets: a singly linked list of points per face.
    private int[] head = new int[64];
    private final int[] nextPoint;
    // Per-step marks, compared against the step's stamp so nothing needs clearing.
    private int[] visibleMark = new int[64];
    private final int[] horizonFrom;
    private int stamp;
    private int[] stack = new int[64];
    private int[] visible = new int[64];
    private int[] horizon = new int[3 * 64];

    Builder(Snapped snapped) {
      this.snapped = snapped;
      this.p = snapped.grid();
      this.n = p.length / 3;
      this.nextPoint = new int[n];
      this.horizonFrom = new int[n];
    }

    ConvexHull build() {
      int[] simplex = initialSimplex();
      for (int i = 0; i < n; i++) {
        if (i != simplex[0] && i != simplex[1] && i != simplex[2] && i != simplex[3]) assign(i, 0, faceCount);
      }
      for (int f = 0; f < faceCount; f++) {
        if (alive[f] && head[f] >= 0) addPointOf(f);
      }
      return compact();
    }

    private int[] initialSimplex() {
      int[] extremes = new int[6];
      for (int i = 1; i < n; i++) {
        for (int a = 0; a < 3; a++) {
          if (p[3 * i + a] < p[3 * extremes[2 * a] + a]) extremes[2 * a] = i;
          if (p[3 * i + a] > p[3 * extremes[2 * a + 1] + a]) extremes[2 * a + 1] = i;
        }
      }
      int i0 = 0, i1 = 0;
      double best = 0;
      for (int a = 0; a < 6; a++) {
        for (int b = a + 1; b < 6; b++) {
          double[] d = difference(extremes[a], extremes[b]);
          if (dot(d, d) > best) {
            best = dot(d, d);
            i0 = extremes[a];
            i1 = extremes[b];
          }
        }
      }
      if (best == 0) throw new IllegalArgumentException("convex hull: all points coincide");
      double[] axis = difference(i1, i0);
      int i2 = -1;
      best = 0;
      for (int i = 0; i < n; i++) {
        double[] c = cross(axis, difference(i, i0));
        if (dot(c, c) > best) {
          best = dot(c, c);
          i2 = i;
        }
      }
      if (i2 < 0) throw new IllegalArgumentException("convex hull: all points lie on one line");
      double[] normal = cross(axis, difference(i2, i0));
      int i3 = -1;
      best = 0;
      for (int i = 0; i < n; i++) {
        double d = Math.abs(dot(normal, difference(i, i0)));
        if (d > best) {
          best = d;
          i3 = i;
        }
      }
      if (i3 < 0) throw new IllegalArgumentException("convex hull: all points lie in one plane");
      int[] s = {i0, i1, i2, i3};
      int[][] corners = {{0, 1, 2}, {0, 3, 1}, {1, 3, 2}, {0, 2, 3}};
      for (int[] c : corners) {
        int opposite = s[6 - c[0] - c[1] - c[2]];
        int f = newFace(s[c[0]], s[c[1]], s[c[2]]);
        if (above(f, opposite) > 0) {
          fv[3 * f + 1] = s[c[2]];
          fv[3 * f + 2] = s[c[1]];
          setPlane(f);
        }
      }
      for (int f = 0; f < 4; f++) {
        for (int e = 0; e < 3; e++) fn[3 * f + e] = faceWithEdge(fv[3 * f + (e + 1) % 3], fv[3 * f + e]);
      }
      return s;
    }

    /** The face of the initial simplex holding the directed edge from {@code a} to {@code b}. */
    private int faceWithEdge(int a, int b) {
      for (int f = 0; f < 4; f++) {
        for (int e = 0; e < 3; e++) {
          if (fv[3 * f + e] == a && fv[3 * f + (e + 1) % 3] == b) return f;
        }
      }
      throw new IllegalStateException("convex hull: initial simplex is not closed");
    }

    /** Puts point {@code i} in the outside set of the face in [from, to) it lies farthest above, if any. */
    private void assign(int i, int from, int to) {
      int bestFace = -1;
      double best = 0;
      for (int f = from; f < to; f++) {
        double a = above(f, i);
        if (a > 0 && a * inverseLength[f] > best) {
          best = a * inverseLength[f];
          bestFace = f;
        }
      }
      if (bestFace >= 0) {
        nextPoint[i] = head[bestFace];
        head[bestFace] = i;
      }
    }

    private void addPointOf(int f) {
      int eye = -1;
      double far = 0;
      for (int i = head[f]; i >= 0; i = nextPoint[i]) {
        if (above(f, i) > far) {
          far = above(f, i);
          eye = i;
        }
      }
      stamp++;
      int visibleCount = findVisible(f, eye);
      int horizonCount = horizon(visibleCount);
      int firstNew = faceCount;
      for (int k = 0; k < horizonCount; k++) {
        int a = horizon[3 * k], b = horizon[3 * k + 1], outer = horizon[3 * k + 2];
        int g = newFace(a, b, eye);
        fn[3 * g] = outer;
        fn[3 * g + 1] = firstNew + (k + 1) % horizonCount;
        fn[3 * g + 2] = firstNew + (k + horizonCount - 1) % horizonCount;
        for (int e = 0; e < 3; e++) {
          if (fv[3 * outer + e] == b && fv[3 * outer + (e + 1) % 3] == a) fn[3 * outer + e] = g;
        }
      }
      for (int v = 0; v < visibleCount; v++) {
        int g = visible[v];
        alive[g] = false;
        for (int i = head[g], next; i >= 0; i = next) {
          next = nextPoint[i];
          if (i != eye) assign(i, firstNew, faceCount);
        }
        head[g] = -1;
      }
    }

    /** Marks the faces {@code eye} lies strictly above, grown from face {@code f}; returns how many. */
    private int findVisible(int f, int eye) {
      int visibleCount = 0, top = 0;
      visibleMark[f] = stamp;
      visible[visibleCount++] = f;
      stack[top++] = f;
      while (top > 0) {
        int g = stack[--top];
        for (int e = 0; e < 3; e++) {
          int h = fn[3 * g + e];
          if (visibleMark[h] == stamp || !(above(h, eye) > 0)) continue;
          visibleMark[h] = stamp;
          visible = grow(visible, visibleCount + 1);
          visible[visibleCount++] = h;
          stack = grow(stack, top + 1);
          stack[top++] = h;
        }
      }
      return visibleCount;
    }

    /**
     * Collects the horizon (edges from a visible to a hidden face) as one loop into {@link #horizon}: from-vertex,
     * to-vertex, hidden face; returns its length.
     */
    private int horizon(int visibleCount) {
      int count = 0;
      int[] edges = new int[0];
      for (int v = 0; v < visibleCount; v++) {
        int g = visible[v];
        for (int e = 0; e < 3; e++) {
          int h = fn[3 * g + e];
          if (visibleMark[h] == stamp) continue;
          edges = grow(edges, 3 * count + 3);
          edges[3 * count] = fv[3 * g + e];
          edges[3 * count + 1] = fv[3 * g + (e + 1) % 3];
          edges[3 * count + 2] = h;
          count++;
        }
      }
      for (int k = 0; k < count; k++) horizonFrom[edges[3 * k]] = -1;
      for (int k = 0; k < count; k++) {
        if (horizonFrom[edges[3 * k]] != -1) throw notOneLoop();
        horizonFrom[edges[3 * k]] = k;
      }
      horizon = grow(horizon, 3 * count);
      int k = 0;
      for (int i = 0; i < count; i++) {
        System.arraycopy(edges, 3 * k, horizon, 3 * i, 3);
        int next = horizonFrom[edges[3 * k + 1]];
        if (next < 0 || (next == 0) != (i == count - 1)) throw notOneLoop();
        k = next;
      }
      return count;
    }

    /** With exact tests the visible region is a disc; anything else is a bug, not bad input. */
    private static IllegalStateException notOneLoop() {
      return new IllegalStateException("convex hull: the horizon is not one simple loop");
    }

    private int newFace(int a, int b, int c) {
      int f = faceCount++;
      if (f == alive.length) {
        int cap = 2 * f;
        fv = Arrays.copyOf(fv, 3 * cap);
        fn = Arrays.copyOf(fn, 3 * cap);
        plane = Arrays.copyOf(plane, 4 * cap);
        inverseLength = Arrays.copyOf(inverseLength, cap);
        alive = Arrays.copyOf(alive, cap);
        head = Arrays.copyOf(head, cap);
        visibleMark = Arrays.copyOf(visibleMark, cap);
      }
      fv[3 * f] = a;
      fv[3 * f + 1] = b;
      fv[3 * f + 2] = c;
      alive[f] = true;
      head[f] = -1;
      setPlane(f);
      return f;
    }

    /** The face's plane as the exact (integer) cross product of two edges and that normal's dot with a corner. */
    private void setPlane(int f) {
      int a = fv[3 * f];
      double[] normal = cross(difference(fv[3 * f + 1], a), difference(fv[3 * f + 2], a));
      System.arraycopy(normal, 0, plane, 4 * f, 3);
      plane[4 * f + 3] = normal[0] * p[3 * a] + normal[1] * p[3 * a + 1] + normal[2] * p[3 * a + 2];
      inverseLength[f] = 1 / Math.sqrt(dot(normal, normal));
    }

    /** Exactly positive when point {@code i} lies above the plane of face {@code f}, scaled by the normal's length. */
    private double above(int f, int i) {
      int o = 4 * f;
      return plane[o] * p[3 * i] + plane[o + 1] * p[3 * i + 1] + plane[o + 2] * p[3 * i + 2] - plane[o + 3];
    }

    private ConvexHull compact() {
      int[] newIndex = new int[faceCount];
      int count = 0;
      for (int f = 0; f < faceCount; f++) newIndex[f] = alive[f] ? count++ : -1;
      int[] vertices = new int[3 * count];
      int[] neighbours = new int[3 * count];
      for (int f = 0; f < faceCount; f++) {
        if (!alive[f]) continue;
        int g = newIndex[f];
        for (int e = 0; e < 3; e++) {
          vertices[3 * g + e] = fv[3 * f + e];
          neighbours[3 * g + e] = newIndex[fn[3 * f + e]];
        }
      }
      return new ConvexHull(snapped.unsnapped(p), vertices, neighbours);
    }

    private double[] difference(int i, int j) {
      return new double[] {p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1], p[3 * i + 2] - p[3 * j + 2]};
    }
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  static double[] normalise(double[] a) {
    double length = Math.sqrt(dot(a, a));
    return new double[] {a[0] / length, a[1] / length, a[2] / length};
  }

  private static int[] grow(int[] array, int needed) {
    return needed <= array.length ? array : Arrays.copyOf(array, Math.max(needed, 2 * array.length));
  }
}
